"""Settings for every part of newsfacts, validated at start-up."""
