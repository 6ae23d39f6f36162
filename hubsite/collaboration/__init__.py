"""Working with companies: concrete collaboration offers at /samenwerken, "Ik doe mee"
without an account, and the school-year plan in dagdelen at /jaarplanning."""
