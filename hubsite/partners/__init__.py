"""The partner file's links to study programmes: which programmes an organisation is
interested in. Lives above projects (which owns the programmes) and organisations."""
