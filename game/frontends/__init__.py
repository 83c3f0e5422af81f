"""Line-based front ends: plain text for people and pipes, JSON lines for programs."""
