namespace Orleans.GameState.Gateway.Auth;

/// <summary>Bearer token settings (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HS256 key; its UTF-8 bytes sign and verify tokens. At least 32 bytes.</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Enables <c>POST /api/dev/token</c>. Never on by default.</summary>
    public bool DevTokens { get; set; }

    /// <summary>Lifetime of dev tokens.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Browser origins allowed to call the API and the hub (CORS); empty allows none.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
