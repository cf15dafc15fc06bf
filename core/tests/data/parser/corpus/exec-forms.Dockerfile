FROM alpine
CMD ["echo", "say \"hi\"", "back\\slash", "tab\tand\u00e9"]
ENTRYPOINT ["/bin/sh", \
            "-c"]
CMD ["echo", 'hi']
RUN [ "a" , "b" ]
VOLUME ["/data", "/logs"]
VOLUME /var/a /var/b
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN []
COPY ["src dir/", "/dst dir/"]
