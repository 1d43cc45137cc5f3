package dev.govengine.submission;

import dev.govengine.chain.ChainDefaults;
import dev.govengine.config.EngineConfig;
import java.time.Duration;

/** How the transaction manager paces and prices its transactions on one chain (gov.submission.*). */
public record SubmissionSettings(long chainId, int confirmations, Duration pollInterval, Duration stuckAfter,
        FeePolicy fees, Duration maxFeeWait, int gasLimitMarginPercent, Duration rpcOutageTolerance) {

    public static SubmissionSettings from(EngineConfig.Submission submission, EngineConfig.Chain chain) {
        return new SubmissionSettings(chain.chainId(),
                submission.confirmations().orElse(ChainDefaults.confirmations(chain)),
                submission.pollInterval(), submission.stuckAfter(),
                new FeePolicy(submission.feeHistoryBlocks(), submission.priorityFeePercentile(),
                        submission.minPriorityFeePerGas(), submission.baseFeeMultiplierPercent(), submission.maxFeePerGas()),
                submission.maxFeeWait(), submission.gasLimitMarginPercent(), submission.rpcOutageTolerance());
    }

    public SubmissionSettings withConfirmations(int otherConfirmations) {
        return new SubmissionSettings(chainId, otherConfirmations, pollInterval, stuckAfter, fees, maxFeeWait,
                gasLimitMarginPercent, rpcOutageTolerance);
    }

    public SubmissionSettings withStuckAfter(Duration otherStuckAfter) {
        return new SubmissionSettings(chainId, confirmations, pollInterval, otherStuckAfter, fees, maxFeeWait,
                gasLimitMarginPercent, rpcOutageTolerance);
    }

    public SubmissionSettings withFees(FeePolicy otherFees, Duration otherMaxFeeWait) {
        return new SubmissionSettings(chainId, confirmations, pollInterval, stuckAfter, otherFees, otherMaxFeeWait,
                gasLimitMarginPercent, rpcOutageTolerance);
    }
}
