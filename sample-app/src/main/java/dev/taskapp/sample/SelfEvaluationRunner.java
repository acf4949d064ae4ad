package dev.taskapp.sample;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;

/**
 * Starts the {@link SelfEvaluation} once the task app's public URL is ready and prints what it
 * found: progress lines while it runs, then the table of seeds, predictions and rewards, and
 * the mean score. Runs once per application, without blocking: the app keeps serving
 * meanwhile and afterwards. Stopped with the application context.
 */
public final class SelfEvaluationRunner implements ApplicationListener<TaskAppUrlReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(SelfEvaluationRunner.class);

	private final SelfEvaluation evaluation;

	private final int seeds;

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicReference<@Nullable SelfEvaluationReport> report = new AtomicReference<>();

	private volatile @Nullable Disposable running;

	/**
	 * Creates the runner.
	 * @param evaluation the evaluation to run
	 * @param seeds the number of seeds it evaluates, for the first line
	 */
	public SelfEvaluationRunner(SelfEvaluation evaluation, int seeds) {
		this.evaluation = evaluation;
		this.seeds = seeds;
	}

	@Override
	public void onApplicationEvent(TaskAppUrlReadyEvent event) {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		String url = event.getUrl();
		logger.info("Self-evaluation: " + this.seeds + " seeds through " + url + ", answered by "
				+ this.evaluation.policyDescription());
		this.running = this.evaluation.run(logger::info).subscribe((report) -> print(report, url),
				(ex) -> logger.warn("Self-evaluation failed: " + ex.getMessage()));
	}

	private void print(SelfEvaluationReport report, String url) {
		this.report.set(report);
		logger.info("Self-evaluation on the " + report.split() + " split:\n" + SelfEvaluationTable.render(report));
		logger.info(SelfEvaluationTable.meanScoreLine(report) + " (" + report.policy() + ")");
		logger.info("The task app keeps serving at " + url + "; stop it with Ctrl+C");
	}

	/**
	 * Returns the report of the finished evaluation.
	 * @return the report, or {@code null} while the evaluation runs or when it failed
	 */
	public @Nullable SelfEvaluationReport report() {
		return this.report.get();
	}

	@Override
	public void destroy() {
		Disposable running = this.running;
		if (running != null) {
			running.dispose();
		}
	}

}
