"""The site's own pages: home, health check and the language switch."""
