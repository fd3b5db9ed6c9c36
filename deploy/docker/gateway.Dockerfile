# The gateway image (SignalR hub, REST API, /healthz, /readyz, /metrics). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t gamestate-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY engine/Orleans.GameState.Engine.csproj engine/
COPY grain-interfaces/Orleans.GameState.GrainInterfaces.csproj grain-interfaces/
COPY storage/Orleans.GameState.Storage.csproj storage/
COPY hosting/Orleans.GameState.Hosting.csproj hosting/
COPY gateway/Orleans.GameState.Gateway.csproj gateway/
RUN dotnet restore gateway/Orleans.GameState.Gateway.csproj
COPY engine/ engine/
COPY grain-interfaces/ grain-interfaces/
COPY storage/ storage/
COPY hosting/ hosting/
# The storage assembly embeds the schema scripts from deploy/sql.
COPY deploy/sql/ deploy/sql/
COPY gateway/ gateway/
RUN dotnet publish gateway/Orleans.GameState.Gateway.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENV ASPNETCORE_URLS=http://+:8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Orleans.GameState.Gateway.dll"]
