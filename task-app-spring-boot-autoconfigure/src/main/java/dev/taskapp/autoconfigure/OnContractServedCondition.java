package dev.taskapp.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the task-app properties say a contract's routes are served (see
 * {@link TaskAppProperties#servesTaskAppContract()} and
 * {@link TaskAppProperties#servesContainerContract()}).
 */
abstract class OnContractServedCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		TaskAppProperties properties = Binder.get(context.getEnvironment())
			.bindOrCreate(TaskAppProperties.PREFIX, Bindable.of(TaskAppProperties.class));
		boolean served = serves(properties);
		String message = contractName() + " contract routes " + (served ? "are" : "are not") + " served (task-app.contract="
				+ properties.contract() + ")";
		return served ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	abstract boolean serves(TaskAppProperties properties);

	abstract String contractName();

	/** Matches when the task-app contract's routes are served. */
	static final class TaskApp extends OnContractServedCondition {

		@Override
		boolean serves(TaskAppProperties properties) {
			return properties.servesTaskAppContract();
		}

		@Override
		String contractName() {
			return "task-app";
		}

	}

	/** Matches when the container contract's routes are served. */
	static final class Container extends OnContractServedCondition {

		@Override
		boolean serves(TaskAppProperties properties) {
			return properties.servesContainerContract();
		}

		@Override
		String contractName() {
			return "container";
		}

	}

}
