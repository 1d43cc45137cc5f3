package dev.govengine.contributions;

import dev.govengine.config.EngineConfig;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollup contribution kinds the engine indexes, sorted by name. A log gives at most one contribution: that of
 * the first kind, by name, whose event and condition match it.
 */
public record RollupMapping(List<RollupKindMapping> kinds) {
    private static final String PREFIX = "gov.rewards.rollup.";
    /** Anvil's and Hardhat's chain ids: local chains where anyone may pay themselves. */
    private static final java.util.Set<Long> DEVNET_CHAIN_IDS = java.util.Set.of(31337L, 1337L);

    public RollupMapping {
        kinds = kinds.stream().sorted((a, b) -> a.kind().compareTo(b.kind())).toList();
    }

    /** One kind as configured, before it is checked. */
    public record Spec(Optional<ChecksumAddress> contract, String event, String contributor, Optional<String> amount,
            Optional<String> when, boolean trustedEmitter) {
        public Spec(Optional<ChecksumAddress> contract, String event, String contributor, Optional<String> amount,
                Optional<String> when) {
            this(contract, event, contributor, amount, when, false);
        }

        Spec trusted(boolean trusted) {
            return new Spec(contract, event, contributor, amount, when, trusted);
        }
    }

    /** The kinds of the deployment's RollupContributions, used when none are configured. */
    public static RollupMapping defaults() {
        return parse(defaultSpecs());
    }

    private static Map<String, Spec> defaultSpecs() {
        Map<String, Spec> specs = new TreeMap<>();
        specs.put("sequencer", new Spec(Optional.empty(),
                "BatchSubmitted(uint256 indexed batchIndex,address indexed submitter,uint256 txCount,bytes32 dataHash)",
                "submitter", Optional.empty(), Optional.empty()));
        specs.put("prover", new Spec(Optional.empty(), "ProofSubmitted(uint256 indexed batchIndex,address indexed prover)",
                "prover", Optional.empty(), Optional.empty()));
        specs.put("challenger", new Spec(Optional.empty(),
                "ChallengeResolved(uint256 indexed batchIndex,address indexed challenger,bool challengerWon)",
                "challenger", Optional.empty(), Optional.of("challengerWon=true")));
        return specs;
    }

    /**
     * The configured kinds. A kind without an event is the default kind of that name with the settings given (only
     * {@code trusted-emitter} applies); when no kind has an event, all three default kinds are read.
     */
    public static RollupMapping fromConfig(EngineConfig.Rewards rewards) {
        Map<String, Spec> defaults = defaultSpecs();
        boolean ownEvents = rewards.rollup().values().stream().anyMatch(kind -> kind.event().isPresent());
        Map<String, Spec> specs = new TreeMap<>(ownEvents ? Map.of() : defaults);
        List<String> problems = new ArrayList<>();
        rewards.rollup().forEach((kind, c) -> {
            if (c.event().isPresent()) {
                if (c.contributor().isEmpty()) {
                    problems.add(PREFIX + kind + ".contributor: required with an event");
                    return;
                }
                specs.put(kind, new Spec(c.contract(), c.event().get(), c.contributor().get(), c.amount(), c.when(),
                        c.trustedEmitter()));
            } else if (defaults.containsKey(kind)) {
                specs.put(kind, defaults.get(kind).trusted(c.trustedEmitter()));
            } else {
                problems.add(PREFIX + kind + ".event: required (only " + defaults.keySet()
                        + " have a default event)");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidRollupMappingException(problems);
        }
        return parse(specs);
    }

    /** Checks every kind; throws {@link InvalidRollupMappingException} naming the key of each problem. */
    public static RollupMapping parse(Map<String, Spec> specs) {
        List<String> problems = new ArrayList<>();
        List<RollupKindMapping> kinds = new ArrayList<>();
        specs.forEach((kind, spec) -> {
            String key = PREFIX + kind;
            EventSignature event;
            try {
                event = EventSignature.parse(spec.event());
            } catch (IllegalArgumentException e) {
                problems.add(key + ".event: " + e.getMessage());
                return;
            }
            int before = problems.size();
            checkParameter(event, spec.contributor(), "address", key + ".contributor", problems);
            spec.amount().ifPresent(amount -> checkParameter(event, amount, "uint", key + ".amount", problems));
            Optional<RollupKindMapping.Condition> when = spec.when().flatMap(text -> condition(event, text, key + ".when", problems));
            if (problems.size() == before) {
                kinds.add(new RollupKindMapping(kind, spec.contract(), event, spec.contributor(), spec.amount(), when,
                        spec.trustedEmitter()));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidRollupMappingException(problems);
        }
        return new RollupMapping(kinds);
    }

    private static void checkParameter(EventSignature event, String name, String typePrefix, String key,
            List<String> problems) {
        Optional<EventSignature.Parameter> parameter = event.parameter(name);
        if (parameter.isEmpty()) {
            problems.add(key + ": '" + name + "' is not a parameter of " + event.name() + " (parameters: "
                    + event.parameters().stream().map(EventSignature.Parameter::name).toList() + ")");
        } else if (!parameter.get().type().startsWith(typePrefix) || parameter.get().type().endsWith("]")) {
            problems.add(key + ": '" + name + "' has type " + parameter.get().type() + ", expected " + typePrefix
                    + (typePrefix.equals("uint") ? " (any width)" : ""));
        }
    }

    private static Optional<RollupKindMapping.Condition> condition(EventSignature event, String text, String key,
            List<String> problems) {
        int equals = text.indexOf('=');
        if (equals < 1) {
            problems.add(key + ": '" + text + "' is not parameter=value");
            return Optional.empty();
        }
        String name = text.substring(0, equals).trim();
        String value = text.substring(equals + 1).trim();
        Optional<EventSignature.Parameter> parameter = event.parameter(name);
        if (parameter.isEmpty()) {
            problems.add(key + ": '" + name + "' is not a parameter of " + event.name());
            return Optional.empty();
        }
        if (!parameter.get().readable()) {
            problems.add(key + ": '" + name + "' is an indexed " + parameter.get().type() + ", only its hash is in the log");
            return Optional.empty();
        }
        try {
            return Optional.of(new RollupKindMapping.Condition(name, expected(parameter.get().type(), value)));
        } catch (IllegalArgumentException e) {
            problems.add(key + ": '" + value + "' is not a " + parameter.get().type() + " value (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The configured value as {@link RollupKindMapping#normalize} prints a decoded one. */
    private static String expected(String type, String value) {
        if (type.equals("bool")) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return value;
        }
        if (type.startsWith("uint") || type.startsWith("int")) {
            return value.startsWith("0x") ? new BigInteger(value.substring(2), 16).toString() : new BigInteger(value).toString();
        }
        if (type.equals("address")) {
            return ChecksumAddress.of(value).toString();
        }
        if (type.matches("bytes\\d+") && value.matches("0x[0-9a-fA-F]*")
                && value.length() == 2 + 2 * Integer.parseInt(type.substring(5))) {
            return value.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("conditions take bool, integer, address or bytesN parameters");
    }

    /**
     * The kinds whose events anyone may be able to emit, on a deployment that is not a devnet chain: neither vouched
     * for ({@code trusted-emitter}) nor read from a RollupContributions deployed with its reporter role enforced
     * ({@code permissionless = false} in the deployment file). Each problem names the key that vouches.
     */
    public List<String> untrustedEmitters(ChecksumAddress rollupContributions, boolean permissionless, long chainId) {
        if (DEVNET_CHAIN_IDS.contains(chainId)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (RollupKindMapping kind : kinds) {
            boolean ours = kind.contract().isEmpty() || kind.contract().get().equals(rollupContributions);
            if (kind.trustedEmitter() || ours && !permissionless) {
                continue;
            }
            ChecksumAddress emitter = kind.contract().orElse(rollupContributions);
            problems.add(PREFIX + kind.kind() + ".trusted-emitter: " + kind.event().name() + " of " + emitter
                    + (ours ? " (the deployment's RollupContributions, deployed permissionless)" : "")
                    + " may be emitted by anyone on chain id " + chainId + ", so anyone could pay themselves the rollup"
                    + " pool; set it to true if only trusted parties can emit it, or deploy RollupContributions with"
                    + " its reporter role enforced");
        }
        return problems;
    }

    /** Whether some kind reads the deployment's RollupContributions rather than a contract of its own. */
    public boolean usesDeploymentContract() {
        return kinds.stream().anyMatch(k -> k.contract().isEmpty());
    }
}
