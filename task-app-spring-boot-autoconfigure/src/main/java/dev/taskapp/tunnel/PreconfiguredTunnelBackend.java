package dev.taskapp.tunnel;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Mode {@code preconfigured}: the task app is already reachable at a known public URL, such as
 * a reverse proxy's; nothing is started.
 */
public final class PreconfiguredTunnelBackend implements TunnelBackend {

	private final @Nullable String url;

	/**
	 * Creates the backend.
	 * @param url the public URL ({@code task-app.tunnel.preconfigured.url}, else
	 * {@code SYNTH_TASK_APP_URL})
	 */
	public PreconfiguredTunnelBackend(@Nullable String url) {
		this.url = url;
	}

	/**
	 * Checks the configured URL without opening anything.
	 * @return the URL without a trailing slash
	 * @throws TunnelStartException if no usable URL is configured
	 */
	public String checkedUrl() throws TunnelStartException {
		if (this.url == null || this.url.isBlank()) {
			throw new TunnelStartException(TunnelStartException.Reason.PRECONFIGURED_URL_MISSING,
					TunnelMode.PRECONFIGURED, "Tunnel mode 'preconfigured' needs a URL, and none is configured");
		}
		String trimmed = this.url.trim().replaceAll("/+$", "");
		try {
			URI uri = URI.create(trimmed);
			if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
					|| "https".equalsIgnoreCase(uri.getScheme()))) {
				throw new IllegalArgumentException("not an http(s) URL with a host");
			}
		}
		catch (IllegalArgumentException ex) {
			throw new TunnelStartException(TunnelStartException.Reason.PRECONFIGURED_URL_MISSING,
					TunnelMode.PRECONFIGURED, "The preconfigured task-app URL '" + trimmed + "' is not an http(s) URL"
							+ " with a host");
		}
		return trimmed;
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.PRECONFIGURED;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException {
		String publicUrl = checkedUrl();
		return new TunnelHandle() {

			@Override
			public String publicUrl() {
				return publicUrl;
			}

			@Override
			public String describe() {
				return "preconfigured URL " + publicUrl;
			}

			@Override
			public void close() {
			}

		};
	}

}
