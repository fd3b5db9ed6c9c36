using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.GameState.Gateway.Auth;

/// <summary>The HS256 key of docs/api.md section 2: the UTF-8 bytes of <c>Auth:SigningKey</c>.</summary>
public static class TokenSigning
{
    public const int MinimumKeyBytes = 32;

    public static SymmetricSecurityKey Key(AuthOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
        if (bytes.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
