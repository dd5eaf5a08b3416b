"""The shared screen: a presenter view of an event for the wall or a video meeting, and guest links."""
