"""Context the live picture is drawn over: published data imported by an administrator."""
