"""The server side of serving pages: how kernels are started, watched and culled."""
