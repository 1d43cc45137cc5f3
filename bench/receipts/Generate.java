import dev.govengine.contributions.WorkReceipt;
import dev.govengine.contributions.WorkReceiptDomain;
import dev.govengine.contributions.WorkReceiptHasher;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.io.BufferedWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Writes COUNT work receipts for epoch 1 (open on a fresh devnet), signed by the devnet verifier (account 7) for the
 * RewardPolicy at POLICY on chain 31337, one JSON object per line. Job ids derive from SEED, so each run's are new.
 *
 *   java -cp CLASSPATH Generate.java POLICY COUNT SEED OUTPUT
 */
public class Generate {
    public static void main(String[] args) throws Exception {
        ChecksumAddress policy = ChecksumAddress.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String seed = args[2];
        WorkReceiptDomain domain = new WorkReceiptDomain("RewardPolicy", "1", 31337, policy);
        WorkReceiptHasher hasher = new WorkReceiptHasher(domain);
        ECKeyPair verifier = DevAccounts.verifier().getEcKeyPair();
        String[] lines = new String[count];
        // Signing costs more than verifying; all cores share it.
        IntStream.range(0, count).parallel().forEach(i -> {
            byte[] provider = Hash.sha3(("provider " + (i % 1000)).getBytes(StandardCharsets.UTF_8));
            WorkReceipt receipt = new WorkReceipt(
                    ChecksumAddress.of(Numeric.toHexString(provider, 12, 20, true)), BigInteger.ONE,
                    Bytes32.wrap(Hash.sha3((seed + " job " + i).getBytes(StandardCharsets.UTF_8))), 1 + i % 3,
                    BigInteger.valueOf(60 + i % 3600), 5_000 + i % 5_001);
            Sign.SignatureData signature = Sign.signMessage(hasher.digest(receipt), verifier, false);
            byte[] bytes = new byte[65];
            System.arraycopy(signature.getR(), 0, bytes, 0, 32);
            System.arraycopy(signature.getS(), 0, bytes, 32, 32);
            bytes[64] = signature.getV()[0];
            lines[i] = "{\"provider\":\"" + receipt.provider() + "\",\"epoch\":\"1\",\"jobId\":\"" + receipt.jobId()
                    + "\",\"gpuClass\":" + receipt.gpuClass() + ",\"gpuSeconds\":\"" + receipt.gpuSeconds()
                    + "\",\"qualityBps\":" + receipt.qualityBps() + ",\"signature\":\"" + Numeric.toHexString(bytes)
                    + "\"}";
        });
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[3]))) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
    }
}
