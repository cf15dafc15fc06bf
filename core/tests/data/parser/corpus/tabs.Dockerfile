FROM	alpine
RUN	echo	tabs
	COPY	--chown=1:1	a	b
LABEL	a=1	b=2
