package dev.taskapp.inprocess;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Run in a JVM of its own by {@link InProcessTaskAppPortHolderTests}: listens on the loopback
 * port {@code args[0]}, prints {@code LISTENING} and waits to be stopped. Its further
 * arguments only show up in its command line.
 */
public final class PortHoldingMain {

	private PortHoldingMain() {
	}

	public static void main(String[] args) throws Exception {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
			System.out.println("LISTENING");
			System.out.flush();
			Thread.currentThread().join();
		}
	}

}
