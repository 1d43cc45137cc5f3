package dev.govengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: nothing is downloaded, and a fresh profile each
 * time. Also the two things every browser test needs besides: axe-core's verdict on a page, and a screenshot of the
 * final state under target/screenshots.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** axe-core comes with the web app's npm packages, which the service's build installs from their lock. */
    private static final Path AXE = Path.of(System.getProperty("gov.repo.root"),
            "governance-service/src/main/webui/node_modules/axe-core/axe.min.js");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // What Chromium needs to run as root in a sandbox without a display or a GPU, and to stay off the network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /**
     * Injects the test's EIP-1193 wallet (src/test/resources/injected-wallet.js) into every page loaded from now on,
     * before the page's own scripts: the app finds it on {@code window.ethereum} as it finds a browser wallet.
     */
    void injectWallet(String rpcUrl, String account) throws IOException {
        String source;
        try (InputStream in = Browser.class.getResourceAsStream("/injected-wallet.js")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        source = source.replace("__RPC_URL__", JSON.writeValueAsString(rpcUrl))
                .replace("__ACCOUNT__", JSON.writeValueAsString(account));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    }

    /** A phone's viewport (375 px wide), or the desktop one again. */
    void phoneWidth(boolean phone) {
        if (phone) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 375, "height", 812,
                    "deviceScaleFactor", 1, "mobile", true));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /** Runs axe-core on the page as it is and fails on any serious or critical violation, naming each. */
    void assertAccessible(String page) throws IOException {
        driver.executeScript(Files.readString(AXE));
        Object answer = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((result) => done(JSON.stringify(result.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.map((n) => n.target.join(' ')) })))))
                  .catch((e) => done(JSON.stringify([{ id: 'axe-failed', help: String(e) }])));
                """);
        JsonNode violations = JSON.readTree(String.valueOf(answer));
        assertEquals(0, violations.size(), "axe-core on " + page + ": " + violations.toPrettyString());
    }

    /** Saves what the page shows now as target/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), directory.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
