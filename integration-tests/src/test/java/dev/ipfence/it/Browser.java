package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium} through its {@code chromedriver}, or those of
 * {@code -Dipfence.chromium} and {@code -Dipfence.chromedriver}) for the console's browser tests:
 * screenshots of each page at a phone's and a desktop's width, and an axe-core scan of the pages
 * visited.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final List<String> visited = new ArrayList<>();

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new ReRenderTolerantWait(driver, Duration.ofSeconds(20));
    }

    /**
     * Waits as {@link WebDriverWait} does, and treats an element the page re-rendered between
     * being found and being read as not there yet: Chromium reports that as a plain
     * {@link WebDriverException} ("Node with given id does not belong to the document"), not as a
     * stale element.
     */
    private static final class ReRenderTolerantWait extends WebDriverWait {

        ReRenderTolerantWait(WebDriver driver, Duration timeout) {
            super(driver, timeout);
        }

        @Override
        public <V> V until(Function<? super WebDriver, ? extends V> condition) {
            return super.<V>until(driver -> {
                try {
                    return condition.apply(driver);
                } catch (WebDriverException e) {
                    if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                        return null;
                    }
                    throw e;
                }
            });
        }
    }

    static Browser open() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("ipfence.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("ipfence.chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return wait;
    }

    void type(By field, String text) {
        wait.until(ExpectedConditions.elementToBeClickable(field)).sendKeys(text);
    }

    /** Screenshots of the current page at a phone's 390 px and at 1280 px; the page is kept for the axe scan. */
    void screenshots(String name) throws IOException {
        visited.add(driver.getCurrentUrl());
        Files.createDirectories(SCREENSHOTS);
        for (int width : new int[] {390, 1280}) {
            driver.manage().window().setSize(new Dimension(width, 900));
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"), png);
        }
    }

    /**
     * axe-core on every page screenshotted whose address {@code ours} accepts (also after loading
     * it again: a page that now redirects elsewhere is skipped): no serious or critical violation.
     */
    void assertNoSeriousAccessibilityViolations(Predicate<String> ours) {
        String axe = resource("/axe.min.js");
        List<String> found = new ArrayList<>();
        for (String url : visited.stream().filter(ours).distinct().toList()) {
            driver.get(url);
            if (!ours.test(driver.getCurrentUrl())) {
                continue;
            }
            ((JavascriptExecutor) driver).executeScript(axe);
            Object result = ((JavascriptExecutor) driver)
                    .executeAsyncScript("const done = arguments[arguments.length - 1];"
                            + "axe.run(document, {resultTypes: ['violations']})"
                            + ".then(r => done(JSON.stringify(r.violations)), e => done('error ' + e));");
            try {
                for (JsonNode violation : JSON.readTree(result.toString())) {
                    String impact = violation.path("impact").asText();
                    if (impact.equals("serious") || impact.equals("critical")) {
                        found.add(url + ": " + violation.path("id").asText() + " (" + impact + ") "
                                + violation.path("nodes"));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("axe answered " + result, e);
            }
        }
        assertThat(found).as("serious accessibility violations").isEmpty();
    }

    static String resource(String name) {
        try (InputStream in = Browser.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
