FROM php:8.3-apache
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends libfreetype6-dev libjpeg-dev libpng-dev libzip-dev; \
	docker-php-ext-configure gd --with-freetype --with-jpeg; \
	docker-php-ext-install -j "$(nproc)" gd opcache zip; \
	rm -rf /var/lib/apt/lists/*
RUN { \
		echo 'opcache.memory_consumption=128'; \
		echo 'opcache.interned_strings_buffer=8'; \
	} > /usr/local/etc/php/conf.d/opcache-recommended.ini
VOLUME /var/www/html
CMD ["apache2-foreground"]
