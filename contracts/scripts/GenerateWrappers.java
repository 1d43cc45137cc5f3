import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Runs Web3j's wrapper generator over every ABI/bytecode pair that scripts/compile.mjs wrote, in one JVM.
 * Launched by the Maven build as a single-file source program, so the generator never ships in the jar.
 */
public class GenerateWrappers {
    public static void main(String[] args) throws Exception {
        Path artifacts = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String packageName = args[2];
        List<Path> abis;
        try (Stream<Path> files = Files.list(artifacts)) {
            abis = files.filter(f -> f.toString().endsWith(".abi")).sorted().collect(Collectors.toList());
        }
        if (abis.isEmpty()) {
            throw new IllegalStateException("no ABI files in " + artifacts + ": did scripts/compile.mjs run?");
        }
        for (Path abi : abis) {
            String name = abi.getFileName().toString().replace(".abi", "");
            Path bin = artifacts.resolve(name + ".bin");
            new SolidityFunctionWrapperGenerator(
                    bin.toFile(), abi.toFile(), output.toFile(), name, packageName, true, false, 160)
                    .generate();
        }
        System.out.println("web3j: " + abis.size() + " wrappers in " + output);
    }
}
