package dev.taskapp.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.TraceFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console page in a real browser (Debian's {@code chromium} and {@code chromium-driver},
 * headless): sign in, watch a rollout appear, open its trace, run one from the form. A
 * screenshot of the result is saved as {@code target/console/console.png}.
 */
class ConsoleBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String KEY = "env_console_browser_5b2e41d0";

	private static final Path SCREENSHOT = Path.of("target", "console", "console.png");

	@TempDir
	Path profile;

	private ConfigurableApplicationContext app;

	private WebDriver browser;

	private String baseUrl;

	@BeforeEach
	void start() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run"
						+ " installs them)");
		this.app = new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--server.address=127.0.0.1", "--task-app.api-key=" + KEY,
					"--task-app.tunnel.mode=local", "--sample.self-evaluation.enabled=false", "--sample.job.enabled=false");
		this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) this.app).getWebServer().getPort();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1400,2000", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void signInWatchARolloutOpenItsTraceAndRunOne() throws Exception {
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.get(this.baseUrl + "/console");
		WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
		keyInput.sendKeys("not-the-key");
		this.browser.findElement(By.id("sign-in-button")).click();
		wait.until(ExpectedConditions.textToBe(By.id("sign-in-error"), "That API key was refused."));

		this.browser.findElement(By.id("api-key")).sendKeys(KEY);
		this.browser.findElement(By.id("sign-in-button")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(this.baseUrl + "/console");
		wait.until(ExpectedConditions.textToBe(By.id("tunnel-mode"), "local"));
		assertThat(this.browser.findElement(By.id("tunnel-state")).getText()).isEqualTo("ready");
		assertThat(this.browser.findElement(By.id("public-url")).getText()).isEqualTo(this.baseUrl);

		rolloutAsAnOptimiserWould("run_from_optimiser", 0);
		By optimiserRow = By.xpath("//table[@id='rollouts']//tr[td[@class='run-id' and text()='run_from_optimiser']]");
		WebElement row = wait.until(ExpectedConditions.elementToBeClickable(optimiserRow));
		assertThat(row.getText()).contains("200");

		row.click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-body"), "Model call 1"));
		String trace = this.browser.findElement(By.id("trace-body")).getText();
		assertThat(trace).contains("run_from_optimiser", "Customer query:",
				"You are a banking customer-support assistant", "tool call", "classify {\"intent\":\"card_arrival\"}");

		this.browser.findElement(By.id("run-seed")).clear();
		this.browser.findElement(By.id("run-seed")).sendKeys("3");
		this.browser.findElement(By.id("run-inference-url")).sendKeys(demoLlm());
		this.browser.findElement(By.id("run-prompt"))
			.sendKeys("Classify the banking query into one of: {intents}. Answer with the intent name only.");
		this.browser.findElement(By.id("run-button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "HTTP 200"));
		assertThat(this.browser.findElement(By.id("run-response")).getText()).contains("\"mean_return\"",
				"\"run_id\": \"console-");
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rollouts tbody tr"), 2));
		wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("rate"), "–")));

		Files.createDirectories(SCREENSHOT.getParent());
		File screenshot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.copy(screenshot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
		assertThat(SCREENSHOT).isNotEmptyFile();
	}

	private void rolloutAsAnOptimiserWould(String runId, int seed) {
		RolloutRequest request = new RolloutRequest(runId, RolloutEnvSpec.ofSeed(seed),
				RolloutPolicySpec.ofConfig(Map.of("inference_url", demoLlm())), List.of(),
				new RolloutRecordConfig(true, false, false, false, TraceFormat.COMPACT), "reset",
				RolloutSafetyConfig.DEFAULTS, null, null, RolloutMode.EVAL, null);
		TaskAppClient.builder(this.baseUrl).apiKey(KEY).build().rollout(request).block(Duration.ofSeconds(30));
	}

	private String demoLlm() {
		return this.baseUrl + KeywordBaselinePolicy.BASE_PATH;
	}

}
