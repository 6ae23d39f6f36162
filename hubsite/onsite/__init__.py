"""On site: the hub's screen by the door and printable QR posters.

The screen (`/hubs/<slug>/scherm/<secret>`) shows what is on now, next and this week,
the newest posts and open vragen of the hub's board, and a QR code to the agenda; it
asks cheaply whether anything changed (`hubsite.onsite.live`) and morphs itself. The
posters (hub, board, activity) are A4 pages with a QR code to the page they announce.
This capability reads hubs, agenda, bookings and pinboard; none of them imports it:
its buttons and panels reach their pages through slots.
"""
