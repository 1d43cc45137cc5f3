package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The web app as the packaged service serves it on {@code devnet}, in Debian's Chromium: one devnet and one browser
 * for every test here, since their boot is most of the time. Each test ends with axe-core's check of the page and a
 * screenshot under target/screenshots. The devnet's reward epochs are short, so that a first root is live while the
 * other tests run and the claim, ordered last, waits for little or nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAppSystemIT {
    private static final Pattern GOVERNOR_ID_LINE = Pattern.compile("Governor id\\s+(eip155:31337:0x[0-9a-fA-F]{40}) ");
    private static final Pattern GOVERNOR_LINE = Pattern.compile("Governor\\s+(0x[0-9a-fA-F]{40})\\R");
    private static final Pattern TOKEN_LINE = Pattern.compile("Token\\s+(0x[0-9a-fA-F]{40})\\R");
    private static final Pattern DISTRIBUTOR_LINE = Pattern.compile("RewardDistributor\\s+(0x[0-9a-fA-F]{40})\\R");
    private static final Pattern RPC_LINE = Pattern.compile("RPC URL\\s+(http://127\\.0\\.0\\.1:\\d+) ");
    private static final Pattern OPEN_PROPOSAL_LINE = Pattern.compile("Open proposal\\s+(\\d+) ");
    private static final Pattern WEB_APP_LINE = Pattern.compile("Web app\\s+(http://localhost:\\d+/) ");
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Epochs of a minute, so that epoch 1 (the seeded votes, alice's among them) has ended by the time the service is
     * up; a root is claimable 20 s after it is posted, a window that covers the claim test's few seconds between
     * reading what alice may claim and claiming it, so that no newer root replaces the one it read.
     */
    private static final List<String> DEVNET = List.of("devnet", "--epoch-length", "60", "--dispute-period", "20");
    private static final Duration ROOT_WAIT = Duration.ofSeconds(180);
    /** The voter of the live test: alice, who has not voted on the seeded open proposal. */
    private static final Credentials ALICE = DevAccounts.account(1);

    private static ServiceProcess devnet;
    private static Browser browser;
    private static String summary;
    private static String governorId;
    private static String governorAddress;
    private static String tokenAddress;
    private static String rpcUrl;
    private static String openProposal;

    @BeforeAll
    static void startDevnetAndBrowser() throws Exception {
        devnet = ServiceProcess.start(DEVNET, Map.of("gov.rewards.epochs.tick-interval", "1s"));
        browser = Browser.start();
        devnet.awaitReady();
        summary = devnet.awaitPrinted("Press Ctrl-C", Duration.ofSeconds(10));
        governorId = printed(GOVERNOR_ID_LINE);
        governorAddress = printed(GOVERNOR_LINE);
        tokenAddress = printed(TOKEN_LINE);
        rpcUrl = printed(RPC_LINE);
        openProposal = printed(OPEN_PROPOSAL_LINE);
        browser.injectWallet(rpcUrl, ChecksumAddress.of(ALICE.getAddress()).toString());
    }

    @AfterAll
    static void stopDevnetAndBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void servesTheAppAtTheRootAndOnItsOwnRoutesBesideTheApi() throws Exception {
        assertEquals(devnet.uri("/").toString(), printed(WEB_APP_LINE), "devnet prints the app's URL");
        HttpResponse<String> root = devnet.get("/");
        assertEquals(200, root.statusCode());
        assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), root.headers().toString());
        assertTrue(root.body().contains("<div id=\"app\"></div>"), root.body());
        // A reload on one of the app's own pages gets the app, which then shows that page.
        for (String route : List.of("/dao/" + governorId, "/dao/" + governorId + "/proposal/" + openProposal, "/rewards")) {
            HttpResponse<String> deep = devnet.get(route);
            assertEquals(200, deep.statusCode(), route);
            assertEquals(root.body(), deep.body(), route);
        }
        assertEquals(404, devnet.get("/nowhere").statusCode(), "only the app's own pages are rerouted");
        Matcher script = SCRIPT.matcher(root.body());
        assertTrue(script.find(), root.body());
        HttpResponse<String> bundle = devnet.get(script.group(1));
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.headers().firstValue("Content-Type").orElse("").contains("javascript"), bundle.headers().toString());

        // The service's own paths answer as they did before the app, never with the app's page.
        HttpResponse<String> graphql = devnet.graphql("{ governors { id } }");
        assertEquals("{\"data\":{\"governors\":[{\"id\":\"" + governorId + "\"}]}}", graphql.body());
        HttpResponse<String> noInputs = devnet.get("/epochs/999999/inputs");
        assertEquals(404, noInputs.statusCode());
        assertTrue(noInputs.body().contains("NOT_FOUND"), noInputs.body());
        for (String path : List.of("/operator/webhooks", "/receipts", "/q/nothing-here")) {
            HttpResponse<String> own = devnet.get(path);
            assertTrue(own.statusCode() >= 400 && !own.body().contains("<div id=\"app\">"), path + ": " + own.statusCode());
        }
        assertEquals(302, devnet.get("/q/graphql-ui").statusCode(), "GraphiQL still opens on a query");
        assertEquals(200, devnet.get("/q/health/ready").statusCode());
    }

    @Test
    void theInjectedWalletAnswersWithItsAccountAndForwardsTheRestToAnvil() throws Exception {
        browser.driver.get(devnet.uri("/").toString());
        Object answer = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([window.ethereum.request({ method: 'eth_requestAccounts' }),
                             window.ethereum.request({ method: 'eth_chainId' })])
                  .then(([accounts, chainId]) => done(accounts[0] + ' ' + chainId), (e) => done('failed: ' + e));
                """);
        assertEquals(ChecksumAddress.of(ALICE.getAddress()) + " 0x7a69", answer);
    }

    @Test
    void homeShowsTheSeededGovernorItsOpenProposalTheIndexerAndTheEpochs() throws Exception {
        browser.driver.get(devnet.uri("/").toString());
        WebElement card = browser.await(d -> d.findElement(By.cssSelector("article.governor")));
        browser.await(d -> !card.findElements(By.cssSelector(".counts li")).isEmpty());
        String text = card.getText();
        assertTrue(text.contains("Demo DAO") || text.contains(governorAddress.substring(0, 6)), text);
        assertTrue(text.contains("(DEMO)"), "the votes token with its symbol: " + text);
        assertTrue(text.contains(governorAddress.substring(0, 6) + "…" + governorAddress.substring(38)),
                "the governor's EIP-55 address, shortened: " + text);
        assertTrue(card.findElement(By.cssSelector(".counts")).getText().contains("Executed 2"), text);
        // The seeded open proposal, with its time left: a query of the card's own, answered after the counts or before.
        WebElement open = browser.await(d -> card.findElement(By.cssSelector(".active-list li")));
        assertTrue(open.getText().startsWith("Lengthen the voting delay"), open.getText());
        assertTrue(open.getText().matches("(?s).*\\d+ (h|min)( \\d+ (min|s))? left"), open.getText());
        WebElement chain = browser.driver.findElement(By.cssSelector("section[aria-labelledby=indexer-heading] tbody tr"));
        assertTrue(chain.getText().startsWith("devnet (31337)"), chain.getText());
        browser.await(d -> d.findElement(By.cssSelector("section[aria-labelledby=epochs-heading]")).isDisplayed());
        browser.assertAccessible("home");
        browser.screenshot("home");
    }

    @Test
    void aDaoListsItsProposalsNewestFirstFiltersSearchesAndOpensOneByKeyboard() throws Exception {
        browser.driver.get(devnet.uri("/dao/" + governorId).toString());
        browser.await(d -> d.findElements(By.cssSelector(".proposal-row")).size() >= 4);
        // Newest first: the seeded ones in reverse order of proposing, after any a test here proposed.
        List<String> seeded = List.of("Lengthen the voting delay", "Give every vote more time",
                "Raise the quorum to 10%", "Fund the GPU grants program");
        List<String> all = titles();
        assertEquals(seeded, all.subList(all.size() - 4, all.size()), all.toString());

        new Select(browser.driver.findElement(By.cssSelector("select"))).selectByValue("DEFEATED");
        browser.await(d -> titles().equals(List.of("Raise the quorum to 10%")));

        new Select(browser.driver.findElement(By.cssSelector("select"))).selectByValue("");
        WebElement search = browser.driver.findElement(By.cssSelector("input[type=search]"));
        search.sendKeys("grants", Keys.ENTER);
        browser.await(d -> titles().equals(List.of("Fund the GPU grants program")));
        search.clear();
        search.sendKeys("no-such-word-anywhere", Keys.ENTER);
        browser.await(d -> d.findElement(By.cssSelector("main .empty")).getText().equals("No proposal matches."));
        browser.assertAccessible("dao, empty search");
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
        browser.await(d -> d.findElements(By.cssSelector(".proposal-row")).size() >= 4);

        // Keyboard only: tab to the first proposal and open it.
        browser.driver.findElement(By.cssSelector("body")).click();
        for (int i = 0; i < 40 && !activeIsProposalLink(); i++) {
            browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertTrue(activeIsProposalLink(), "tabbing reaches a proposal");
        String first = browser.driver.switchTo().activeElement().getText();
        assertEquals(titles().get(0), first, "the first proposal is the first stop");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.await(d -> d.getCurrentUrl().contains("/proposal/"));
        browser.await(d -> d.findElement(By.cssSelector("h1")).getText().equals(first));
        browser.driver.navigate().back();
        browser.await(d -> d.findElements(By.cssSelector(".proposal-row")).size() >= 4);
        browser.assertAccessible("dao");
        browser.screenshot("dao");
    }

    @Test
    void aProposalShowsItsVotesAndTalliesAndAVoteAppearsLiveWithoutAReload() throws Exception {
        browser.driver.get(devnet.uri("/dao/" + governorId + "/proposal/" + openProposal).toString());
        browser.await(d -> d.findElement(By.cssSelector("h1")).getText().equals("Lengthen the voting delay"));
        browser.await(d -> d.findElements(By.cssSelector(".votes .vote")).size() == 2);
        assertTrue(browser.driver.findElement(By.cssSelector(".votes")).getText().contains("Small change, easy win."));
        assertTrue(browser.driver.findElement(By.cssSelector(".actions-list")).getText().contains("setVotingDelay"));
        assertTrue(browser.driver.findElement(By.cssSelector(".args")).getText().contains("(uint48): 2"),
                browser.driver.findElement(By.cssSelector(".args")).getText());
        assertEquals(List.of("Created", "Voting starts", "Voting ends"), browser.driver.findElements(
                By.cssSelector(".timeline li strong")).stream().map(WebElement::getText).toList());
        String forBar = browser.driver.findElement(By.cssSelector("[data-testid=bar-for]")).getAttribute("width");
        browser.driver.executeScript("window.__sameDocument = true");

        // alice votes For with a reason from outside the page: the vote and the tally arrive over the WebSocket.
        String reason = "Two blocks to read is fair. " + System.nanoTime();
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DaoGovernor.load(governorAddress, web3j, deployer.transactionManager(ALICE), deployer.gasProvider())
                    .castVoteWithReason(new BigInteger(openProposal), BigInteger.ONE, reason).send();
        } finally {
            web3j.shutdown();
        }
        WebElement first = browser.await(d -> {
            WebElement top = d.findElement(By.cssSelector(".votes .vote"));
            return top.getText().contains(reason) ? top : null;
        });
        assertTrue(first.getText().contains(ChecksumAddress.of(ALICE.getAddress()).toString().substring(0, 6)), first.getText());
        assertTrue(first.getText().contains("For"), first.getText());
        browser.await(d -> !d.findElement(By.cssSelector("[data-testid=bar-for]")).getAttribute("width").equals(forBar));
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.__sameDocument"), "no reload");
        browser.assertAccessible("proposal");
        browser.screenshot("proposal");
    }

    @Test
    void aHostileDescriptionRendersInert() throws Exception {
        String description = """
                # Harmless title

                <script>window.__xss = 'script'</script>
                <img src="x" onerror="window.__xss = 'onerror'">
                [a link](javascript:window.__xss='link') and <a href="javascript:window.__xss='anchor'">another</a>
                <iframe src="javascript:parent.__xss='iframe'"></iframe>
                """;
        String proposalId = propose(description);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> "Harmless title".equals(proposalField(proposalId, "title")));
        browser.driver.get(devnet.uri("/dao/" + governorId + "/proposal/" + proposalId).toString());
        WebElement rendered = browser.await(d -> d.findElement(By.cssSelector("[data-testid=description]")));
        assertEquals("Harmless title", rendered.findElement(By.cssSelector("h1")).getText(), "markdown is rendered");
        for (WebElement link : rendered.findElements(By.cssSelector("a"))) {
            link.click();
        }
        for (WebElement image : rendered.findElements(By.cssSelector("img"))) {
            assertNull(image.getAttribute("onerror"), "no handler survives");
        }
        assertTrue(rendered.findElements(By.cssSelector("script, iframe")).isEmpty(), rendered.getAttribute("innerHTML"));
        // An onerror would have fired by the time the broken image is complete.
        browser.await(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return [...document.querySelectorAll('[data-testid=description] img')].every((i) => i.complete)")));
        assertNull(browser.driver.executeScript("return window.__xss ?? null"), "nothing ran");
        assertFalse(browser.driver.getCurrentUrl().startsWith("javascript:"));
        browser.assertAccessible("proposal with a hostile description");
        browser.screenshot("proposal-hostile-description");
    }

    @Test
    void aProposalReadsAtPhoneWidth() throws Exception {
        browser.phoneWidth(true);
        try {
            browser.driver.get(devnet.uri("/dao/" + governorId + "/proposal/" + openProposal).toString());
            browser.await(d -> d.findElements(By.cssSelector(".votes .vote")).size() >= 2);
            assertEquals(375L, browser.driver.executeScript("return window.innerWidth"));
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
            browser.assertAccessible("proposal at 375 px");
            browser.screenshot("proposal-375px");
        } finally {
            browser.phoneWidth(false);
        }
    }

    @Test
    void aConnectedWalletVotesWithAReasonSeesItLiveAndARepeatIsRefusedByName() throws Exception {
        String proposalId = propose("# Vote from the browser\n\nA proposal for the wallet test. " + System.nanoTime());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                "ACTIVE".equals(proposalField(proposalId, "state")));
        browser.driver.get(devnet.uri("/dao/" + governorId + "/proposal/" + proposalId).toString());
        browser.await(d -> d.findElement(By.cssSelector("h1")).getText().equals("Vote from the browser"));
        browser.await(d -> d.findElement(By.xpath("//p[normalize-space()='No votes yet.']")));
        browser.await(d -> d.findElement(By.xpath("//button[normalize-space()='Connect wallet']"))).click();
        String alice = ChecksumAddress.of(ALICE.getAddress()).toString();
        browser.await(d -> d.findElement(By.cssSelector(".vote-panel")).getText().contains(alice.substring(0, 6)));

        String reason = "Voted in the browser " + System.nanoTime();
        browser.driver.findElement(By.cssSelector(".vote-panel textarea")).sendKeys(reason);
        browser.driver.findElement(By.xpath("//button[normalize-space()='Vote For']")).click();
        WebElement vote = browser.await(d -> {
            List<WebElement> votes = d.findElements(By.cssSelector(".votes .vote"));
            return !votes.isEmpty() && votes.get(0).getText().contains(reason) ? votes.get(0) : null;
        });
        assertTrue(vote.getText().contains("For"), vote.getText());
        browser.await(d -> !"0".equals(d.findElement(By.cssSelector("[data-testid=bar-for]")).getAttribute("width")));
        assertEquals(new BigInteger(proposalField(proposalId, "forVotes")).signum(), 1);

        // A second vote: the Governor refuses it, and the page names the refusal.
        press("Vote Against");
        WebElement refusal = browser.await(d -> d.findElement(By.cssSelector(".vote-panel .error")));
        assertTrue(refusal.getText().contains("GovernorAlreadyCastVote"), refusal.getText());
        browser.assertAccessible("proposal with a connected wallet");
        browser.screenshot("vote-from-wallet");
    }

    @Test
    void aWalletOnAnotherChainIsAskedToSwitchToTheGovernorsChain() throws Exception {
        browser.driver.get(devnet.uri("/dao/" + governorId + "/proposal/" + openProposal).toString());
        browser.driver.executeScript("sessionStorage.setItem('testWallet.chainId', '0x1')");
        try {
            browser.await(d -> d.findElement(By.xpath("//button[normalize-space()='Connect wallet']"))).click();
            WebElement panel = browser.await(d -> {
                WebElement p = d.findElement(By.cssSelector(".vote-panel"));
                return p.getText().contains("Your wallet is on chain 1; this governor is on chain 31337.") ? p : null;
            });
            browser.assertAccessible("proposal with a wallet on another chain");
            panel.findElement(By.xpath(".//button[normalize-space()='Switch to chain 31337']")).click();
            browser.await(d -> d.findElement(By.cssSelector(".vote-panel")).getText().contains("Connected as"));
            assertEquals(1, browser.driver.findElements(By.xpath("//button[normalize-space()='Vote For']")).size());
            browser.screenshot("wallet-switched-chain");
        } finally {
            browser.driver.executeScript("sessionStorage.removeItem('testWallet.chainId')");
        }
    }

    @Test
    void anAccountPageDelegatesFromTheWalletAndBothVotingPowersFollowTheChain() throws Exception {
        // alice (the wallet) delegates her own votes to erin on erin's page, then back to herself on her own page.
        String alice = ChecksumAddress.of(ALICE.getAddress()).toString();
        String erin = ChecksumAddress.of(DevAccounts.account(5).getAddress()).toString();
        BigInteger aliceVotes = getVotes(alice);
        BigInteger erinVotes = getVotes(erin);
        BigInteger aliceBalance = balanceOf(alice);
        assertEquals(1, aliceBalance.signum(), "alice has tokens to delegate");

        String erinPage = "/dao/" + governorId + "/account/" + erin;
        assertEquals(devnet.get("/").body(), devnet.get(erinPage).body(), "the account page is one of the app's routes");
        browser.driver.get(devnet.uri(erinPage).toString());
        awaitVotingPower(erinVotes);
        assertEquals("Itself", browser.driver.findElement(By.cssSelector("[data-testid=delegate]")).getText());
        assertEquals(balanceOf(erin).toString(),
                browser.driver.findElement(By.cssSelector("[data-testid=balance]")).getAttribute("data-raw"));
        browser.await(d -> d.findElement(By.cssSelector("[data-testid=power-line]")));
        String erinShown = browser.driver.findElement(By.cssSelector("[data-testid=voting-power]")).getText();
        browser.driver.executeScript("window.__sameDocument = true");

        press("Connect wallet");
        // alice declines in her wallet first: the page says so, nothing stays pending, and she may try again.
        browser.driver.executeScript("sessionStorage.setItem('testWallet.decline', 'yes')");
        try {
            press("Delegate to this account");
            WebElement declined = browser.await(d -> d.findElement(By.cssSelector(".delegate-panel .error")));
            assertEquals("You declined the request in your wallet.", declined.getText());
            assertEquals("", browser.driver.findElement(By.cssSelector(".delegate-panel .vote-status")).getText(),
                    "nothing pending");
            assertTrue(browser.driver.findElement(By.xpath("//button[normalize-space()='Delegate to this account']"))
                    .isEnabled(), "the buttons are usable again");
            assertEquals(erinVotes, getVotes(erin), "nothing was sent");
        } finally {
            browser.driver.executeScript("sessionStorage.removeItem('testWallet.decline')");
        }
        press("Delegate to this account");
        awaitVotingPower(erinVotes.add(aliceBalance));
        assertEquals(erinVotes.add(aliceBalance), getVotes(erin), "the chain's getVotes agrees with the page");
        assertFalse(erinShown.equals(browser.driver.findElement(By.cssSelector("[data-testid=voting-power]")).getText()));
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.__sameDocument"), "no reload");
        assertTrue(browser.driver.findElement(By.cssSelector("table[aria-labelledby=delegators-heading]")).getText()
                .contains(alice.substring(0, 6)), "alice joins erin's delegators");
        browser.assertAccessible("account after delegating to it");

        // Someone else delegates to erin, outside the page: the grants account, which has tokens and had delegated
        // them to no one. Her page follows over the WebSocket.
        Credentials grants = DevAccounts.account(6);
        BigInteger grantsBalance = balanceOf(grants.getAddress());
        assertEquals(1, grantsBalance.signum(), "the grants account holds tokens");
        tokenAs(grants, t -> {
            t.delegate(erin).send();
            return null;
        });
        awaitVotingPower(erinVotes.add(aliceBalance).add(grantsBalance));
        assertEquals(erinVotes.add(aliceBalance).add(grantsBalance), getVotes(erin));
        browser.await(d -> d.findElement(By.cssSelector("table[aria-labelledby=delegators-heading]")).getText()
                .contains(ChecksumAddress.of(grants.getAddress()).toString().substring(0, 6)));
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.__sameDocument"), "no reload");

        // On alice's own page, through the panel's link: her own votes are gone, carol's delegation stays.
        browser.driver.findElement(By.xpath("//a[normalize-space()='Your account’s page']")).click();
        browser.await(d -> d.getCurrentUrl().endsWith("/account/" + alice));
        awaitVotingPower(aliceVotes.subtract(aliceBalance));
        assertEquals(aliceVotes.subtract(aliceBalance), getVotes(alice));
        assertTrue(browser.driver.findElement(By.cssSelector("[data-testid=delegate]")).getText()
                .contains(erin.substring(0, 6)), "alice delegates to erin");
        press("Connect wallet");
        press("Delegate to yourself");
        awaitVotingPower(aliceVotes);
        assertEquals(aliceVotes, getVotes(alice));
        assertEquals(erinVotes.add(grantsBalance), getVotes(erin));

        // A reload on the deep link opens the same page.
        browser.driver.navigate().refresh();
        awaitVotingPower(aliceVotes);
        assertEquals("Itself", browser.driver.findElement(By.cssSelector("[data-testid=delegate]")).getText());
        browser.phoneWidth(true);
        try {
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling at 375 px");
        } finally {
            browser.phoneWidth(false);
        }
        browser.assertAccessible("account");
        browser.screenshot("account");
    }

    /** alice proposes a call of the Governor's votingPeriod() with the description; answers the proposal id. */
    private static String propose(String description) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DaoGovernor governor = DaoGovernor.load(governorAddress, web3j, deployer.transactionManager(ALICE),
                    deployer.gasProvider());
            var receipt = governor.propose(List.of(governorAddress), List.of(BigInteger.ZERO),
                    List.of(Numeric.hexStringToByteArray(FunctionEncoder.encode(
                            new Function("votingPeriod", List.of(), List.of())))), description).send();
            return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId.toString();
        } finally {
            web3j.shutdown();
        }
    }

    /**
     * Clicks the button once it is enabled: a panel keeps its buttons disabled until its last transaction's receipt,
     * which may come after the page already shows what the transaction did.
     */
    private static void press(String label) {
        browser.await(d -> {
            WebElement button = d.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
            return button.isEnabled() ? button : null;
        }).click();
    }

    /** The voting power the account page shows, in base units, once it is the expected one. */
    private static void awaitVotingPower(BigInteger expected) {
        try {
            browser.await(d -> d.findElements(By.cssSelector("[data-testid=voting-power]")).stream()
                    .anyMatch(e -> expected.toString().equals(e.getAttribute("data-raw"))));
        } catch (TimeoutException e) {
            browser.screenshot("account-timed-out");
            throw new AssertionError("voting power " + expected + " never shown; the page shows "
                    + browser.driver.findElements(By.cssSelector("[data-testid=voting-power]")).stream()
                            .map(shown -> shown.getAttribute("data-raw")).toList()
                    + " at " + browser.driver.getCurrentUrl() + ", the delegation panel says: "
                    + browser.driver.findElements(By.cssSelector(".delegate-panel")).stream()
                            .map(WebElement::getText).toList(), e);
        }
    }

    /** The token's getVotes(account) now, by eth_call. */
    private static BigInteger getVotes(String account) throws Exception {
        return token(t -> t.getVotes(account).send());
    }

    private static BigInteger balanceOf(String account) throws Exception {
        return token(t -> t.balanceOf(account).send());
    }

    private interface TokenCall {
        BigInteger call(GovernanceToken token) throws Exception;
    }

    private static BigInteger token(TokenCall call) throws Exception {
        return tokenAs(ALICE, call);
    }

    /** The votes token as the account uses it: its transactions are signed as that account's. */
    private static BigInteger tokenAs(Credentials account, TokenCall call) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            return call.call(GovernanceToken.load(tokenAddress, web3j, deployer.transactionManager(account),
                    deployer.gasProvider()));
        } finally {
            web3j.shutdown();
        }
    }

    /** One field of a proposal as the API answers it now; null while the proposal is not indexed. */
    private static String proposalField(String proposalId, String field) throws Exception {
        JsonNode answer = JSON.readTree(devnet.graphql("{ proposal(governor: \"" + governorId + "\", proposalId: \""
                + proposalId + "\") { " + field + " } }").body());
        JsonNode value = answer.path("data").path("proposal").path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** The listed proposals' titles, read in one script: the list re-renders under a test that reads it. */
    @SuppressWarnings("unchecked")
    private static List<String> titles() {
        return (List<String>) browser.driver.executeScript(
                "return [...document.querySelectorAll('.proposal-row a.title')].map((a) => a.textContent)");
    }

    private static boolean activeIsProposalLink() {
        WebElement active = browser.driver.switchTo().activeElement();
        return "a".equals(active.getTagName()) && String.valueOf(active.getAttribute("class")).contains("title");
    }

    private static String printed(Pattern line) {
        Matcher matcher = line.matcher(summary);
        assertTrue(matcher.find(), "prints " + line + ":\n" + summary);
        return matcher.group(1);
    }

    /**
     * Last, so that the other tests' time covers the wait for a live root. alice's wallet claims what the API says is
     * claimable, and her balance of the reward token, read by eth_call, rises by exactly that.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void afterAnEpochIsFinalizedTheWalletClaimsAndTheBalanceRisesByExactlyClaimable() throws Exception {
        String distributorAddress = printed(DISTRIBUTOR_LINE);
        String distributor = "eip155:31337:" + distributorAddress;
        String alice = ChecksumAddress.of(ALICE.getAddress()).toString();
        long waitStart = System.nanoTime();
        // The newest root with a leaf of alice's is live and finalized: a newer one is not even computed, so it is at
        // least the dispute window away.
        AtomicReference<JsonNode> claim = new AtomicReference<>();
        await().atMost(ROOT_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
            claim.set(JSON.readTree(devnet.operation("Claim", Map.of("distributor", distributor, "account", alice)).body())
                    .path("data").path("claim"));
            return claim.get().path("epoch").isTextual()
                    && claim.get().path("epoch").asText().equals(claim.get().path("latestEpoch").asText())
                    && new BigInteger(claim.get().path("claimable").asText()).signum() > 0
                    // The root is live on chain a moment before the engine records it FINALIZED.
                    && "FINALIZED".equals(JSON.readTree(devnet.operation("RewardEpoch", Map.of("number",
                            claim.get().path("epoch").asText())).body()).path("data").path("rewardEpoch")
                            .path("status").asText());
        });
        System.out.printf("WebAppSystemIT: waited %d s for a live root after the other tests%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitStart));
        BigInteger claimable = new BigInteger(claim.get().path("claimable").asText());

        browser.driver.get(devnet.uri("/rewards").toString());
        browser.await(d -> d.findElement(By.cssSelector("tr[data-epoch='" + claim.get().path("epoch").asText() + "']"))
                .getText().contains("FINALIZED"));
        // The wallet starts on another chain, and the page asks it to switch to the distributor's.
        browser.driver.executeScript("sessionStorage.setItem('testWallet.chainId', '0x1')");
        browser.await(d -> d.findElement(By.xpath("//button[normalize-space()='Connect wallet']"))).click();
        browser.await(d -> d.findElement(By.cssSelector(".claim-panel")).getText()
                .contains("Your wallet is on chain 1; the distributor is on chain 31337.") ? d : null);
        browser.driver.findElement(By.xpath("//button[normalize-space()='Switch to chain 31337']")).click();
        WebElement shown = browser.await(d -> d.findElement(By.cssSelector("[data-testid=claimable]")));
        assertEquals(claimable.toString(), shown.getAttribute("data-raw"), "the page shows what the API answers");
        BigInteger before = balanceOf(distributorAddress, alice);
        assertEquals(before.toString(), browser.driver.findElement(By.cssSelector("[data-testid=balance]"))
                .getAttribute("data-raw"));

        // The distributor's admin (the timelock) pauses claims: the page names the distributor's refusal.
        asTimelock(distributorAddress, new Function("pause", List.of(), List.of()));
        try {
            press("Claim");
            WebElement refused = browser.await(d -> d.findElement(By.cssSelector(".claim-panel .error")));
            assertEquals("The distributor refused the claim: EnforcedPause", refused.getText());
            assertEquals("", browser.driver.findElement(By.cssSelector(".claim-status")).getText(), "nothing pending");
        } finally {
            asTimelock(distributorAddress, new Function("unpause", List.of(), List.of()));
        }

        press("Claim");
        browser.await(d -> d.findElement(By.cssSelector(".claim-status")).getText().startsWith("Claimed "));
        browser.await(d -> "0".equals(d.findElement(By.cssSelector("[data-testid=claimable]")).getAttribute("data-raw")));
        BigInteger after = balanceOf(distributorAddress, alice);
        assertEquals(claimable, after.subtract(before), "the balance rises by exactly claimable");
        assertEquals(after.toString(), browser.driver.findElement(By.cssSelector("[data-testid=balance]"))
                .getAttribute("data-raw"), "the page shows the new balance");
        assertTrue(browser.driver.findElement(By.cssSelector(".claim-panel tbody tr")).getText().endsWith("claimed"),
                "the newest epoch's reward is claimed");
        assertFalse(browser.driver.findElements(By.cssSelector(".rewards-chart rect")).isEmpty(), "the chart has bars");
        browser.assertAccessible("rewards after a claim");
        browser.screenshot("rewards-claimed");
    }

    /**
     * Sends the call from the Governor's timelock, as a passed proposal would, through Anvil's impersonation: the
     * timelock is the distributor's admin, and no proposal's days-long path is needed for it.
     */
    private static void asTimelock(String to, Function call) throws Exception {
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            String timelock = DaoGovernor.load(governorAddress, web3j, deployer.transactionManager(ALICE),
                    deployer.gasProvider()).timelock().send();
            new Request<>("anvil_impersonateAccount", List.of(timelock), rpc, VoidResponse.class).send();
            new Request<>("anvil_setBalance", List.of(timelock, "0xde0b6b3a7640000"), rpc, VoidResponse.class).send();
            EthSendTransaction sent = web3j.ethSendTransaction(Transaction.createFunctionCallTransaction(timelock, null,
                    null, BigInteger.valueOf(200_000), to, FunctionEncoder.encode(call))).send();
            assertFalse(sent.hasError(), () -> sent.getError().getMessage());
            TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, 100, 300)
                    .waitForTransactionReceipt(sent.getTransactionHash());
            assertTrue(receipt.isStatusOK(), call.getName() + " as the timelock: " + receipt);
            new Request<>("anvil_stopImpersonatingAccount", List.of(timelock), rpc, VoidResponse.class).send();
        } finally {
            web3j.shutdown();
        }
    }

    /** The distributor's reward token's balanceOf(account), by eth_call to the node. */
    private static BigInteger balanceOf(String distributor, String account) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            String token = ethCall(web3j, distributor, new Function("token", List.of(),
                    List.of(new TypeReference<Address>() { })));
            return new BigInteger(ethCall(web3j, token, new Function("balanceOf", List.of(new Address(account)),
                    List.of(new TypeReference<Uint256>() { }))));
        } finally {
            web3j.shutdown();
        }
    }

    @SuppressWarnings("rawtypes")
    private static String ethCall(Web3j web3j, String to, Function function) throws Exception {
        String answer = web3j.ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST).send().getValue();
        List<Type> decoded = FunctionReturnDecoder.decode(answer, function.getOutputParameters());
        return decoded.get(0).getValue().toString();
    }
}
