# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]
COPY testfile.txt c:\
RUN dir c:\
ENV JAVA_HOME C:\openjdk-21
RUN $newPath = ('{0}\bin;{1}' -f $env:JAVA_HOME, $env:PATH); `
	Write-Host ('Updating PATH: {0}' -f $newPath); `
	setx /M PATH $newPath; `
	Write-Host 'Complete.'
WORKDIR C:\app
CMD ["cmd", "/S", "/C", "echo hi"]
