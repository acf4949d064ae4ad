package dev.taskapp.tunnel;

/**
 * Mode {@code local}: no tunnel; the URL is the local server's.
 */
public final class LocalTunnelBackend implements TunnelBackend {

	@Override
	public TunnelMode mode() {
		return TunnelMode.LOCAL;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) {
		String url = request.localUrl();
		return new TunnelHandle() {

			@Override
			public String publicUrl() {
				return url;
			}

			@Override
			public String describe() {
				return "local server " + url;
			}

			@Override
			public void close() {
			}

		};
	}

}
