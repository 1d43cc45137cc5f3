package dev.govengine.config;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads and validates the configuration before the service boots, from the same sources and with the same
 * precedence as Quarkus (system properties, environment, {@code .env}, {@code config/application.properties},
 * the packaged {@code application.properties}, which SmallRye's default sources include). Two things need that: the
 * command line decides from it whether to start an embedded database, and an operator's mistake is reported as one
 * message naming the key instead of a stack trace from deep inside the boot. The modules above contribute their own
 * {@link ConfigCheck}s; the command line passes them in.
 */
public final class ConfigPreflight {
    private static final Pattern CONVERSION_FAILURE = Pattern.compile(
            "The config property (\\S+) with the config value .* threw an Exception whilst being converted (.*)", Pattern.DOTALL);
    private static final Pattern SMALLRYE_CODE = Pattern.compile("(java\\.[\\w.]+: )?(SRCFG\\d+: )?");

    private final SmallRyeConfig config;

    private ConfigPreflight(SmallRyeConfig config) {
        this.config = config;
    }

    /**
     * Loads and validates, then runs {@code checks} in order; throws {@link InvalidConfigurationException} listing
     * every problem found.
     */
    public static ConfigPreflight load(ConfigCheck... checks) {
        SmallRyeConfig config;
        try {
            config = sources()
                    .withMapping(EngineConfig.class)
                    .withValidator(new BeanValidationConfigValidator() {
                        private final Validator validator = Validation.byDefaultProvider().configure()
                                .messageInterpolator(new ParameterMessageInterpolator())
                                .buildValidatorFactory().getValidator();

                        @Override
                        public Validator getValidator() {
                            return validator;
                        }
                    })
                    .build();
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(plain(e.getProblem(i).getMessage()));
            }
            throw new InvalidConfigurationException(problems);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new InvalidConfigurationException(List.of(plain(e.getMessage())));
        }
        ConfigPreflight preflight = new ConfigPreflight(config);
        preflight.checkReferences(List.of(checks));
        return preflight;
    }

    /** Quarkus's configuration sources, in its order of precedence. */
    private static SmallRyeConfigBuilder sources() {
        return new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDiscoveredConverters()
                .withSources(new DotEnvConfigSourceProvider())
                .withSources(PropertiesConfigSourceLoader.inFileSystem(
                        Path.of("config", "application.properties").toUri().toString(), 260,
                        ConfigPreflight.class.getClassLoader()));
    }

    /**
     * {@link #httpListener()} before the rest of the configuration exists, read from the same sources and with nothing
     * else checked: {@code devnet} sets the chain and governor keys itself, after it must know that its port is free.
     */
    public static HttpListener readHttpListener() {
        try {
            return listener(sources().build());
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new InvalidConfigurationException(List.of(plain(e.getMessage())));
        }
    }

    /** SmallRye's wording, reduced to "key: what is wrong". */
    private static String plain(String message) {
        Matcher conversion = CONVERSION_FAILURE.matcher(message);
        if (conversion.find()) {
            return conversion.group(1) + ": " + conversion.group(2);
        }
        return SMALLRYE_CODE.matcher(message).replaceAll("");
    }

    public EngineConfig engine() {
        return config.getConfigMapping(EngineConfig.class);
    }

    /** Whether the operator pointed the service at a database of their own. */
    public boolean datasourceConfigured() {
        return config.getOptionalValue("quarkus.datasource.reactive.url", String.class).isPresent()
                || config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent();
    }

    /** Where the service listens for HTTP: quarkus.http.host and quarkus.http.port, with Quarkus's defaults. */
    public record HttpListener(String host, int port) {
    }

    public HttpListener httpListener() {
        return listener(config);
    }

    private static HttpListener listener(SmallRyeConfig config) {
        return new HttpListener(config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0"),
                config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
    }

    private void checkReferences(List<ConfigCheck> checks) {
        EngineConfig engine = engine();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, EngineConfig.Governor> governor : engine.governors().entrySet()) {
            String chain = governor.getValue().chain();
            if (!engine.chains().containsKey(chain)) {
                problems.add("gov.governors." + governor.getKey() + ".chain: '" + chain
                        + "' is not a configured chain (configured: " + engine.chains().keySet() + ")");
            }
        }
        checkDuplicateGovernors(engine, problems);
        checks.forEach(check -> problems.addAll(check.problems(engine)));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * Two entries with one chain id and address are one Governor: its rows are keyed by that pair (CAIP-10), so both
     * entries would write, and roll back, the same rows under two cursors.
     */
    private static void checkDuplicateGovernors(EngineConfig engine, List<String> problems) {
        Map<String, String> firstByGovernor = new TreeMap<>();
        engine.governors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(governor -> {
            EngineConfig.Chain chain = engine.chains().get(governor.getValue().chain());
            if (chain == null) {
                return;
            }
            String id = "eip155:" + chain.chainId() + ":" + governor.getValue().address();
            String first = firstByGovernor.putIfAbsent(id, governor.getKey());
            if (first != null) {
                problems.add("gov.governors." + governor.getKey() + ": the same Governor as gov.governors." + first
                        + " (" + id + "); configure it once");
            }
        });
    }
}
