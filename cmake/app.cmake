# desktop app: filled in with the UI
