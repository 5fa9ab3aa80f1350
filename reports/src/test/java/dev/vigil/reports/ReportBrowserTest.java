package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens real reports in Debian's headless Chromium (driven by Selenium through the system
 * chromedriver; Selenium Manager never runs), filters, follows deep links and saves screenshots
 * under {@code target/screenshots/}. Needs the Debian packages {@code chromium} and {@code
 * chromium-driver}: with {@code CI=true} their absence fails the test, otherwise it is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "screenshots");

  /** Failures in full (articles) and passing findings (items of a group per rule). */
  static final String FINDINGS = "#flist article.f, #flist .grp li";

  @TempDir Path tmp;
  Path profile;

  /** Selenium's own logging warns about CDP versions this test does not use. */
  static final java.util.logging.Logger SELENIUM_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  @BeforeAll
  void findBrowser() throws IOException {
    SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    Files.createDirectories(SHOTS);
  }

  WebDriver browser(boolean javascript) throws IOException {
    profile = Files.createTempDirectory(tmp, "chromium-profile");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    if (!javascript) {
      o.setExperimentalOption(
          "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    // The system chromedriver, given explicitly: Selenium Manager never runs, nothing is fetched.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    WebDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    d.manage().window().setSize(new Dimension(1400, 1000));
    return d;
  }

  static void shot(WebDriver d, String name) throws IOException {
    Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  static WebDriverWait await(WebDriver d) {
    return new WebDriverWait(d, Duration.ofSeconds(60));
  }

  /** Writes two runs (so the trend has history) and returns the newest report. */
  Path archive(String name, Assessment previous, Assessment current) throws IOException {
    EvidenceArchive archive =
        new EvidenceArchive(tmp.resolve(name), ControlCatalog.builtIn(), Optional.empty());
    archive.write(previous, List.of(), EnumSet.of(Format.HTML));
    Path report =
        archive
            .write(current, Fixtures.snapshots(current), EnumSet.of(Format.HTML))
            .report()
            .orElseThrow();
    // Kept beside the screenshots for a person to open.
    Files.copy(report, SHOTS.resolve(name + "-report.html"), StandardCopyOption.REPLACE_EXISTING);
    return report;
  }

  @Test
  void fleetReportFiltersAndFollowsDeepLinks() throws IOException {
    Assessment prev = Fixtures.fleet("20261124T020000Z-0001", 50, 100, 3);
    Assessment cur = Fixtures.fleet("20261125T020000Z-0002", 50, 100, 4);
    assertEquals(5000, cur.findings().size());
    Path report = archive("fleet", prev, cur);
    String url = report.toUri().toString();
    WebDriver d = browser(true);
    try {
      d.get(url);
      assertTrue(d.getTitle().contains("nist-moderate"), d.getTitle());
      assertEquals(5000, d.findElements(By.cssSelector(FINDINGS)).size());
      assertFalse(d.findElements(By.cssSelector(".trend polyline")).isEmpty(), "trend chart");
      shot(d, "fleet-summary");
      js(d, "window.scrollTo(0, document.getElementById('targets').offsetTop - 50)");
      shot(d, "fleet-targets");

      // Filter: open failures of high severity on one host.
      String host = "host007.prod.example.com";
      new Select(d.findElement(By.name("status"))).selectByValue("fail");
      new Select(d.findElement(By.name("severity"))).selectByValue("high");
      new Select(d.findElement(By.name("target"))).selectByValue(host);
      long expected =
          cur.findings().stream()
              .filter(f -> f.isOpenFailure() && f.target().equals(host))
              .filter(f -> f.severity().wire().equals("high"))
              .count();
      assertTrue(expected > 0);
      await(d)
          .until(x -> d.findElement(By.id("shown")).getText().startsWith(expected + " of 5000"));
      List<WebElement> visible =
          d.findElements(By.cssSelector(FINDINGS)).stream()
              .filter(WebElement::isDisplayed)
              .toList();
      assertEquals(expected, visible.size());
      for (WebElement e : visible) {
        assertTrue(e.getAttribute("class").contains(" fail "), e.getAttribute("class"));
        assertEquals(host, e.findElement(By.cssSelector(".fm .tg")).getText());
      }
      assertTrue(d.getCurrentUrl().contains("#findings?status=fail"), "filter is a link");
      js(d, "document.getElementById('findings').scrollIntoView()");
      shot(d, "fleet-filtered");

      // Text filter.
      new Select(d.findElement(By.name("status"))).selectByValue("");
      new Select(d.findElement(By.name("severity"))).selectByValue("");
      new Select(d.findElement(By.name("target"))).selectByValue("");
      d.findElement(By.name("q")).sendKeys("Rule 42 of");
      await(d).until(x -> d.findElement(By.id("shown")).getText().startsWith("50 of 5000"));

      // Deep link to a passing finding hidden by the text filter: the filters clear.
      Finding pass =
          cur.findings().stream().filter(f -> f.status() == Status.PASS).findFirst().orElseThrow();
      js(d, "location.hash = arguments[0]", "#finding-" + pass.id());
      WebElement target = d.findElement(By.id("finding-" + pass.id()));
      await(d).until(x -> target.isDisplayed());
      assertEquals("finding-" + pass.id(), js(d, "return document.querySelector(':target').id"));

      // Deep link to a control, from a fresh load.
      d.get(url + "#control-CM-6");
      WebElement cm6 = d.findElement(By.id("control-CM-6"));
      assertTrue(cm6.isDisplayed());
      assertEquals("control-CM-6", js(d, "return document.querySelector(':target').id"));
      shot(d, "fleet-control-deep-link");

      // A filtered link reproduces the view.
      d.get(url + "#findings?status=error");
      long errors = cur.findings().stream().filter(f -> f.status() == Status.ERROR).count();
      await(d).until(x -> d.findElement(By.id("shown")).getText().startsWith(errors + " of 5000"));
    } finally {
      d.quit();
    }
  }

  @Test
  void singleHostReportShowsHostileValuesAsTextAndFollowsADeepLink() throws IOException {
    Assessment small = Fixtures.small("20261125T143518Z-3f9a");
    List<Finding> web01 =
        small.findings().stream().filter(f -> f.target().equals("web01")).toList();
    Assessment cur =
        new Assessment(
            small.runId(),
            small.toolVersion(),
            small.startedAt(),
            small.finishedAt(),
            small.targets().subList(0, 1),
            small.profile(),
            small.parameters(),
            web01,
            List.of(),
            List.of());
    Assessment prev = Fixtures.small("20261124T143518Z-0000");
    Path report = archive("single", prev, cur);
    WebDriver d = browser(true);
    try {
      d.get(report.toUri().toString());
      String body = d.findElement(By.tagName("body")).getText();
      assertTrue(body.contains("gecos <script>alert('x')</script>\"&"), "hostile value as text");
      assertEquals(1L, js(d, "return document.scripts.length"), "no injected script element");
      shot(d, "single-summary");
      for (String section : List.of("controls", "targets", "rules", "methodology")) {
        js(d, "window.scrollTo(0, document.getElementById(arguments[0]).offsetTop - 50)", section);
        shot(d, "single-" + section);
      }

      new Select(d.findElement(By.name("status"))).selectByValue("waived");
      await(d).until(x -> d.findElement(By.id("shown")).getText().startsWith("1 of 4"));

      Finding rootLogin =
          web01.stream()
              .filter(f -> f.rule().value().equals("sshd.permit-root-login"))
              .findFirst()
              .orElseThrow();
      // Deep link to the finding (hidden by the waived filter: the filters clear) ...
      js(d, "location.hash = arguments[0]", "#finding-" + rootLogin.id());
      WebElement f = d.findElement(By.id("finding-" + rootLogin.id()));
      await(d).until(x -> f.isDisplayed());
      assertEquals("yes", f.findElement(By.cssSelector(".oe code:first-child")).getText());
      shot(d, "single-finding-deep-link");
      // ... and from it, the link to its control.
      WebElement link = f.findElement(By.cssSelector("a[href='#control-AC-6(2)']"));
      js(d, "arguments[0].scrollIntoView({block: 'center'})", link);
      link.click();
      assertEquals("control-AC-6(2)", js(d, "return document.querySelector(':target').id"));
      assertTrue(d.findElement(By.id("control-AC-6(2)")).isDisplayed());
    } finally {
      d.quit();
    }
  }

  @Test
  void reportIsUsableWithJavaScriptOff() throws IOException {
    Assessment cur = Fixtures.small("20261125T143518Z-3f9a");
    Path report = archive("nojs", Fixtures.small("20261124T000000Z-0000"), cur);
    WebDriver d = browser(false);
    try {
      d.get(report.toUri().toString() + "#findings");
      assertFalse(d.findElement(By.id("filters")).isDisplayed(), "filters need JavaScript");
      long shown =
          d.findElements(By.cssSelector(FINDINGS)).stream().filter(WebElement::isDisplayed).count();
      assertEquals(cur.findings().size(), shown, "every finding is shown");
      shot(d, "nojs-findings");
    } finally {
      d.quit();
    }
  }
}
