FROM alpine
RUN cat <<< "here string, not a heredoc"
RUN ["sh", "-c", "cat <<EOF"]
RUN echo "<<EOF"
RUN echo '<<EOF'
ENV X=<<EOF
CMD cat <<EOF
