package dev.taskapp.tunnel.cloudflare;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Tells whether a hostname resolves in DNS yet.
 */
@FunctionalInterface
interface HostnameResolver {

	/** The system resolver. */
	HostnameResolver SYSTEM = (hostname) -> {
		try {
			return InetAddress.getAllByName(hostname).length > 0;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	};

	/**
	 * Returns whether the hostname resolves.
	 * @param hostname the hostname
	 * @return whether it has an address
	 */
	boolean resolves(String hostname);

}
