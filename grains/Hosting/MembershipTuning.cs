using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Orleans.GameState.Grains.Hosting;

/// <summary>
/// Failure detection tuned for fast failover of sessions: a silo that stops answering probes is declared
/// dead after about <c>ProbeTimeout × NumMissedProbesLimit</c> (4 s here, 15 s with Orleans' defaults),
/// after which its sessions reactivate elsewhere on their next call. Every value can be overridden under
/// <c>Orleans:Membership</c>.
/// </summary>
public static class MembershipTuning
{
    public const string SectionName = "Orleans:Membership";

    public static ISiloBuilder UseGameStateMembershipTuning(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            configuration.GetSection(SectionName).Bind(options);
        });
        return silo;
    }
}
