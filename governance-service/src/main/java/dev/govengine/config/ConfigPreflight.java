package dev.govengine.config;

import dev.govengine.api.OperatorToken;
import dev.govengine.contributions.InvalidRollupMappingException;
import dev.govengine.contributions.RollupMapping;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.InvalidDeploymentException;
import dev.govengine.submission.SignerLoader;
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
 * the packaged {@code application.properties}, which SmallRye's default sources include). Two things need that: the command line decides from it whether to
 * start an embedded database, and an operator's mistake is reported as one message naming the key instead of a
 * stack trace from deep inside the boot.
 */
public final class ConfigPreflight {
    private static final Pattern CONVERSION_FAILURE = Pattern.compile(
            "The config property (\\S+) with the config value .* threw an Exception whilst being converted (.*)", Pattern.DOTALL);
    private static final Pattern SMALLRYE_CODE = Pattern.compile("(java\\.[\\w.]+: )?(SRCFG\\d+: )?");

    private static final String DEPLOYMENT_FILE = "gov.deployment-file";

    private final SmallRyeConfig config;

    private ConfigPreflight(SmallRyeConfig config) {
        this.config = config;
    }

    /** Loads and validates; throws {@link InvalidConfigurationException} listing every problem found. */
    public static ConfigPreflight load() {
        ClassLoader loader = ConfigPreflight.class.getClassLoader();
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .addDefaultSources()
                    .addDiscoveredConverters()
                    .withSources(new DotEnvConfigSourceProvider())
                    .withSources(PropertiesConfigSourceLoader.inFileSystem(
                            Path.of("config", "application.properties").toUri().toString(), 260, loader))
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
        preflight.checkReferences();
        return preflight;
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

    public int httpPort() {
        return config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
    }

    private void checkReferences() {
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
        engine.deploymentFile().ifPresent(file -> checkDeployment(engine, file, problems));
        checkRollupMapping(engine, problems);
        problems.addAll(SignerLoader.configurationProblems(engine));
        problems.addAll(OperatorToken.problems(engine.operator()));
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

    /**
     * The rollup contracts are read on the deployment's chain, so a mapping needs a deployment; and outside a devnet
     * chain, the engine pays only for events that trusted parties alone can emit.
     */
    private static void checkRollupMapping(EngineConfig engine, List<String> problems) {
        RollupMapping mapping;
        try {
            mapping = RollupMapping.fromConfig(engine.rewards());
        } catch (InvalidRollupMappingException e) {
            problems.addAll(e.problems());
            return;
        }
        if (engine.deploymentFile().isEmpty()) {
            if (!engine.rewards().rollup().isEmpty()) {
                problems.add("gov.rewards.rollup: rollup contributions are indexed on the deployment's chain; set "
                        + DEPLOYMENT_FILE);
            }
            return;
        }
        try {
            Deployment deployment = DeploymentJson.read(Path.of(engine.deploymentFile().get()));
            problems.addAll(mapping.untrustedEmitters(deployment.rollupContributions().address(),
                    deployment.settings().rollupPermissionless(), deployment.chainId()));
        } catch (InvalidDeploymentException reportedByCheckDeployment) {
            // checkDeployment names the file's problem; without a deployment there is no emitter to judge.
        }
    }

    private static void checkDeployment(EngineConfig engine, String file, List<String> problems) {
        Deployment deployment;
        try {
            deployment = DeploymentJson.read(Path.of(file));
        } catch (InvalidDeploymentException e) {
            problems.add(DEPLOYMENT_FILE + ": " + file + ": " + e.getMessage());
            return;
        }
        List<Long> chainIds = engine.chains().values().stream().map(EngineConfig.Chain::chainId).sorted().toList();
        if (!chainIds.contains(deployment.chainId())) {
            problems.add(DEPLOYMENT_FILE + ": " + file + ": chainId " + deployment.chainId()
                    + " is not the chain id of a configured chain (gov.chains.*.chain-id: " + chainIds + ")");
        }
    }
}
