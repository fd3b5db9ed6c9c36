# The silo image. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t gamestate-silo .
# Runs the silo; `migrate` as the command applies the schema and exits (the compose file's migrate step).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so `restore` is cached until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY engine/Orleans.GameState.Engine.csproj engine/
COPY grain-interfaces/Orleans.GameState.GrainInterfaces.csproj grain-interfaces/
COPY storage/Orleans.GameState.Storage.csproj storage/
COPY hosting/Orleans.GameState.Hosting.csproj hosting/
COPY grains/Orleans.GameState.Grains.csproj grains/
COPY silo/Orleans.GameState.Silo.csproj silo/
RUN dotnet restore silo/Orleans.GameState.Silo.csproj
COPY engine/ engine/
COPY grain-interfaces/ grain-interfaces/
COPY storage/ storage/
COPY hosting/ hosting/
COPY grains/ grains/
COPY silo/ silo/
# The schema scripts are embedded into the storage assembly from deploy/sql.
COPY deploy/sql/ deploy/sql/
RUN dotnet publish silo/Orleans.GameState.Silo.csproj -c Release --no-restore -o /app

# ASP.NET Core runtime: the Orleans Dashboard (Dashboard:Enabled) serves from the silo.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# 11111 silo-to-silo, 30000 silo gateway (clients), 9400 Prometheus (Telemetry:PrometheusPort), 8080 dashboard (off by default).
EXPOSE 11111 30000 9400 8080
ENV Orleans__SiloPort=11111 \
    Orleans__GatewayPort=30000 \
    Telemetry__PrometheusPort=9400
USER $APP_UID
# Other silos and the gateways reach this one at its own address: unless Orleans__AdvertisedAddress is given
# (Kubernetes passes the pod IP), it is the container's first address. The Prometheus listener binds to the same
# address (the HttpListener it uses cannot bind to all interfaces).
ENTRYPOINT ["/bin/sh", "-c", "export Orleans__AdvertisedAddress=\"${Orleans__AdvertisedAddress:-$(hostname -i | cut -d' ' -f1)}\"; export Telemetry__PrometheusHost=\"${Telemetry__PrometheusHost:-$Orleans__AdvertisedAddress}\"; exec dotnet Orleans.GameState.Silo.dll \"$@\"", "--"]
