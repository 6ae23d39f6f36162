"""The pinboard: boards per hub (and one for the network) where people post vraag,
aanbod, ideas and news, react, comment and get matched; moderated by the hub team."""
