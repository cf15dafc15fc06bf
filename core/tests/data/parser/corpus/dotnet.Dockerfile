FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY --link *.csproj .
RUN dotnet restore
COPY --link . .
RUN dotnet publish --no-restore -o /app
FROM mcr.microsoft.com/dotnet/aspnet:8.0
EXPOSE 8080
WORKDIR /app
COPY --link --from=build /app .
USER $APP_UID
ENTRYPOINT ["./aspnetapp"]
