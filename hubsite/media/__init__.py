"""Pictures, shared by every capability: stored checked and re-encoded, served by one view.

Part of the shared layer: it imports no capability. A capability that shows pictures
(the agenda today) tells media who may see one through `register_image_owner`.
"""
