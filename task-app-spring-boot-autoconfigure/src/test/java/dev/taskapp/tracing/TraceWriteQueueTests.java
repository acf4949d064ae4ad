package dev.taskapp.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskapp.tracing.TraceWriteQueue.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link TraceWriteQueue}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceWriteQueueTests {

	private final CollectingWriter collected = new CollectingWriter();

	private final List<TraceWriteQueue> queues = new ArrayList<>();

	@AfterEach
	void stopQueues() {
		this.collected.release();
		this.queues.forEach(TraceWriteQueue::stop);
	}

	@Test
	void everyAcceptedTraceIsWrittenOnceInBatches() {
		TraceWriteQueue queue = started(100, 7, this.collected);
		for (int i = 0; i < 50; i++) {
			assertThat(queue.offer(TestTraces.answered("run_" + i, i, 1.0))).isTrue();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.written() == 50);
		assertThat(this.collected.runIds()).hasSize(50).doesNotHaveDuplicates();
		assertThat(this.collected.batchSizes()).allSatisfy((size) -> assertThat(size).isBetween(1, 7));
		assertThat(queue.accepted()).isEqualTo(50);
		assertThat(queue.queueDepth()).isZero();
	}

	@Test
	void fullQueueDropsWithoutBlockingCountsAndWarnsOnce(CapturedOutput output) throws InterruptedException {
		this.collected.hold();
		TraceWriteQueue queue = started(5, 5, this.collected);
		queue.offer(TestTraces.answered("first", 1, 1.0));
		assertThat(this.collected.entered.await(10, TimeUnit.SECONDS)).isTrue();
		int accepted = 0;
		for (int i = 0; i < 20; i++) {
			if (queue.offer(TestTraces.answered("run_" + i, i, 1.0))) {
				accepted++;
			}
		}
		assertThat(accepted).isEqualTo(5);
		assertThat(queue.dropped(DropReason.QUEUE_FULL)).isEqualTo(15);
		assertThat(queue.queueDepth()).isEqualTo(5);
		assertThat(occurrences(output.getOut(), "The rollout trace queue is full")).isOne();
	}

	@Test
	void stoppingWithAFullQueueWritesEverythingAccepted() throws InterruptedException {
		this.collected.hold();
		TraceWriteQueue queue = started(200, 16, this.collected);
		queue.offer(TestTraces.answered("first", 0, 1.0));
		assertThat(this.collected.entered.await(10, TimeUnit.SECONDS)).isTrue();
		int accepted = 1;
		for (int i = 0; i < 300; i++) {
			if (queue.offer(TestTraces.answered("run_" + i, i, 1.0))) {
				accepted++;
			}
		}
		assertThat(queue.queueDepth()).isEqualTo(200);
		AtomicBoolean stopped = new AtomicBoolean();
		queue.stop(() -> stopped.set(true));
		this.collected.release();
		await().atMost(Duration.ofSeconds(10)).untilTrue(stopped);
		assertThat(accepted).isEqualTo(201);
		assertThat(this.collected.runIds()).hasSize(accepted).doesNotHaveDuplicates();
		assertThat(queue.written()).isEqualTo(accepted);
		assertThat(queue.isRunning()).isFalse();
		assertThat(this.collected.closed.get()).isTrue();
	}

	@Test
	void tracesOfferedAfterStoppingAreDroppedAndCounted() {
		TraceWriteQueue queue = started(10, 10, this.collected);
		queue.stop();
		assertThat(queue.offer(TestTraces.answered("late", 1, 1.0))).isFalse();
		assertThat(queue.dropped(DropReason.CLOSED)).isOne();
	}

	@Test
	void failingWriterDropsItsBatchesCountsThemAndWarnsOnceUntilItRecovers(CapturedOutput output) {
		FailingWriter failing = new FailingWriter();
		TraceWriteQueue queue = started(100, 1, failing, this.collected);
		for (int i = 0; i < 3; i++) {
			queue.offer(TestTraces.answered("run_" + i, i, 1.0));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.dropped(DropReason.WRITE_FAILED) == 3);
		assertThat(occurrences(output.getOut(), "rollout trace writer could not write")).isOne();
		assertThat(this.collected.runIds()).hasSize(3);
		failing.failing.set(false);
		queue.offer(TestTraces.answered("run_ok", 1, 1.0));
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.written() == 1);
		assertThat(output.getOut()).contains("The failing rollout trace writer writes again");
	}

	@Test
	void queueStartsBeforeAndStopsAfterTheWebServer() {
		TraceWriteQueue queue = new TraceWriteQueue(List.of(), 1, 1);
		assertThat(queue.getPhase()).isLessThan(
				org.springframework.boot.web.server.context.WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
		assertThat(queue.isAutoStartup()).isTrue();
	}

	private TraceWriteQueue started(int capacity, int batchSize, TraceBatchWriter... writers) {
		TraceWriteQueue queue = new TraceWriteQueue(List.of(writers), capacity, batchSize);
		queue.start();
		this.queues.add(queue);
		return queue;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	/**
	 * Collects what it writes; {@link #hold()} makes writes wait until {@link #release()}.
	 */
	static final class CollectingWriter implements TraceBatchWriter {

		final List<RolloutTrace> traces = Collections.synchronizedList(new ArrayList<>());

		final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

		final CountDownLatch entered = new CountDownLatch(1);

		final AtomicBoolean closed = new AtomicBoolean();

		private volatile CountDownLatch gate = new CountDownLatch(0);

		void hold() {
			this.gate = new CountDownLatch(1);
		}

		void release() {
			this.gate.countDown();
		}

		@Override
		public String name() {
			return "collecting";
		}

		@Override
		public void write(List<RolloutTrace> batch) throws InterruptedException {
			this.entered.countDown();
			this.gate.await();
			this.batches.add(batch.size());
			this.traces.addAll(batch);
		}

		@Override
		public void close() {
			this.closed.set(true);
		}

		List<String> runIds() {
			synchronized (this.traces) {
				return this.traces.stream().map(RolloutTrace::runId).toList();
			}
		}

		List<Integer> batchSizes() {
			synchronized (this.batches) {
				return List.copyOf(this.batches);
			}
		}

	}

	static final class FailingWriter implements TraceBatchWriter {

		final AtomicBoolean failing = new AtomicBoolean(true);

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public void write(List<RolloutTrace> batch) throws java.io.IOException {
			this.calls.incrementAndGet();
			if (this.failing.get()) {
				throw new java.io.IOException("disk on fire");
			}
		}

	}

}
