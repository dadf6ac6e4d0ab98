package org.telerounds.signaling.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with fake camera and a WAV file
 * as the fake microphone. Nothing is downloaded: both binaries are given explicitly.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private final ChromeDriver driver;
  private final Path profile;

  Browser(Path fakeAudioWav) throws Exception {
    this(fakeAudioWav, 1);
  }

  /** {@code cameras} fake cameras (Chromium's device-count). */
  Browser(Path fakeAudioWav, int cameras) throws Exception {
    this(fakeAudioWav, cameras, true, null);
  }

  /**
   * With {@code autoplayAllowed} false the browser keeps Chromium's default autoplay policy, as a
   * clinician's browser has: sound may start only after a click on the page.
   */
  Browser(Path fakeAudioWav, int cameras, boolean autoplayAllowed) throws Exception {
    this(fakeAudioWav, cameras, autoplayAllowed, null);
  }

  /**
   * With {@code udpPortRange} ("min-max", Chromium's webrtc.udp_port_range preference) every WebRTC
   * UDP socket of this browser uses a port in that range, so a test's firewall rule can block one
   * browser's UDP while others in the same namespace keep theirs.
   */
  Browser(Path fakeAudioWav, int cameras, String udpPortRange) throws Exception {
    this(fakeAudioWav, cameras, true, udpPortRange);
  }

  private Browser(Path fakeAudioWav, int cameras, boolean autoplayAllowed, String udpPortRange) throws Exception {
    profile = Files.createTempDirectory("telerounds-chromium");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--use-fake-ui-for-media-stream",
        cameras > 1 ? "--use-fake-device-for-media-stream=device-count=" + cameras : "--use-fake-device-for-media-stream",
        "--use-file-for-fake-audio-capture=" + fakeAudioWav,
        "--autoplay-policy=" + (autoplayAllowed ? "no-user-gesture-required" : "document-user-activation-required"),
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + profile);
    if (udpPortRange != null) {
      o.setExperimentalOption("prefs", Map.of("webrtc.udp_port_range", udpPortRange));
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  static boolean available() {
    return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
  }

  void open(String url) {
    driver.get(url);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Runs an asynchronous script: it calls {@code arguments[arguments.length - 1]} with the result. */
  Object jsAsync(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** A real click (a user gesture, as the autoplay policy counts one). */
  void click(String css) {
    driver.findElement(By.cssSelector(css)).click();
  }

  /** Presses the mouse on {@code css} and keeps it down; {@link #release()} lets go. */
  void hold(String css) {
    new Actions(driver).clickAndHold(driver.findElement(By.cssSelector(css))).perform();
  }

  void release() {
    new Actions(driver).release().perform();
  }

  boolean visible(String css) {
    return Boolean.TRUE.equals(js("const e = document.querySelector(arguments[0]);"
        + " return !!e && !e.hidden && e.getClientRects().length > 0;", css));
  }

  /**
   * A PNG of the page as a {@code width}x{@code height} viewport ({@code mobile}: a tablet, which
   * honours the viewport meta tag), written to {@code file}.
   */
  void screenshot(Path file, int width, int height, boolean mobile) throws Exception {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    Thread.sleep(700); // layout and a few video frames at the new size
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> state() {
    return (Map<String, Object>) js("return JSON.parse(JSON.stringify(window.trState || {}));");
  }

  /** inbound-rtp stats by trackId, from the page's subscribe PeerConnection. */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> inboundStats() {
    return (Map<String, Map<String, Object>>) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "(window.trClient ? window.trClient.inboundStats() : Promise.resolve({})).then(done, () => done({}));");
  }

  @SuppressWarnings("unchecked")
  List<Object> errors() {
    return (List<Object>) state().getOrDefault("errors", List.of());
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (Exception ignored) {
        // temp dir cleanup is best effort
      }
    }
  }
}
