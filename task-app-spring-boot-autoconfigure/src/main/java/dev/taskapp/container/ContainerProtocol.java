package dev.taskapp.container;

/**
 * The identifiers of the contract this package speaks.
 */
public final class ContainerProtocol {

	/** {@code capabilities.protocol}. */
	public static final String PROTOCOL = "synth.container.contract.v1";

	/** {@code contract_version} of {@code /health} and {@code capabilities}. */
	public static final String CONTRACT_VERSION = "2026-05-28";

	/** Version of the GEPA optimiser sub-contract advertised under {@code metadata.optimizer_contracts.gepa}. */
	public static final String GEPA_CONTRACT_VERSION = "synth_optimizers.gepa.v2";

	private ContainerProtocol() {
	}

}
