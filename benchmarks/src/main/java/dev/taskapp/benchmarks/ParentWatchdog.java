package dev.taskapp.benchmarks;

/**
 * Ends a child server when the runner that started it is gone, so that a runner killed with
 * {@code SIGKILL} leaves no server behind.
 */
final class ParentWatchdog {

	private ParentWatchdog() {
	}

	/**
	 * Halts this JVM once the given process has exited.
	 * @param parentPid the runner's pid; {@code 0} or less does nothing
	 */
	static void watch(long parentPid) {
		if (parentPid <= 0) {
			return;
		}
		ProcessHandle.of(parentPid).ifPresentOrElse((parent) -> parent.onExit().thenRun(() -> {
			System.err.println("Parent process " + parentPid + " has exited; stopping");
			Runtime.getRuntime().halt(3);
		}), () -> {
			System.err.println("Parent process " + parentPid + " is not running; stopping");
			Runtime.getRuntime().halt(3);
		});
	}

}
