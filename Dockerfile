# The Parley workbench as a container image.
#   docker build -t parley-workbench .
#   docker run --rm -p 127.0.0.1:5080:5080 -v parley-data:/data parley-workbench
# then open http://127.0.0.1:5080. Everything the team stores is in the one SQLite file on the /data volume.
# The workbench has no accounts: publish the port on loopback (as above) or on a network you trust, and add
# the host names it is reached by to PARLEY__ALLOWEDHOSTS (see docs/web.md).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Parley.Web -c Release -o /app -nologo -p:DebugType=none

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The report's PDF is printed by Chromium; fonts so that charts and the report render their text.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
VOLUME /data
EXPOSE 5080
# Inside the container the workbench must listen on every interface for the published port to reach it.
ENTRYPOINT ["dotnet", "Parley.Web.dll", "--host", "0.0.0.0", "--port", "5080", "--db", "/data/parley.db"]
