# escape=`
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
ENV GOLANG_VERSION 1.22.4
USER ContainerAdministrator
RUN setx /m PATH "C:\go\bin;%PATH%"
USER ContainerUser
COPY --from=golang:1.22-windowsservercore C:\go C:\go
RUN go version
WORKDIR C:\gopath
