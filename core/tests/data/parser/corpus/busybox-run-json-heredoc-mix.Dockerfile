FROM busybox
RUN echo start && \
    cat <<EOF > /etc/motd && \
    echo end
welcome
EOF
RUN <<EOF sh -c 'cat > /x'
payload
EOF
