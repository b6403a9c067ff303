package io.orch.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium, headless, driven through Debian's chromium-driver. The binaries are given by path, so Selenium
 * never tries to download a browser or a driver (nothing could be fetched here). Every host but 127.0.0.1 fails to
 * resolve in this browser: a page that tried to load anything from outside the agent would log a failed request.
 */
public final class HeadlessChromium {
  public static final Path BROWSER = Path.of(System.getProperty("orch.chromium", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("orch.chromedriver", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** Fails (never skips) when the browser is missing: CI installs it (.ci/run), a developer can too. */
  public static void require() {
    for (Path p : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(p)) {
        throw new AssertionError(p + " not found: apt-get install -y chromium chromium-driver"
            + " (or point -Dorch.chromium / -Dorch.chromedriver at them)");
      }
    }
  }

  /** A new headless browser with its own throw-away profile; {@code quit()} it when done. */
  public static ChromeDriver start(int width, int height) {
    require();
    Path profile;
    try {
      profile = Files.createTempDirectory("h11-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--no-first-run", "--disable-extensions", "--disable-background-networking",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
