package dev.taskapp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the answer of the job-events route into a {@link PromptLearningJobEvents} page. As the
 * Synth SDK's {@code PromptLearningClient.get_events} accepts
 * ({@code synth_ai/sdk/learning/prompt_learning_client.py}), the answer is an object with an
 * {@code events} array, or the array itself; the next cursor is the object's {@code next_seq}
 * when present (as the SDK's streaming poller uses it), else the highest {@code seq} seen.
 */
final class JobEventsReader {

	private JobEventsReader() {
	}

	/**
	 * Reads a page of events.
	 * @param body the decoded answer
	 * @param sinceSeq the cursor that was asked for
	 * @return the page
	 * @throws IllegalArgumentException if the answer is neither an object with an
	 * {@code events} array nor an array
	 */
	static PromptLearningJobEvents read(@Nullable Object body, long sinceSeq) {
		Map<String, Object> object = BackendAnswers.asMap(body);
		Object items = (object != null) ? object.get("events") : body;
		if (!(items instanceof List<?> list)) {
			throw new IllegalArgumentException("expected an object with an \"events\" array, or an array");
		}
		List<PromptLearningJobEvent> events = new ArrayList<>(list.size());
		long highest = sinceSeq;
		for (Object item : list) {
			Map<String, Object> event = BackendAnswers.asMap(item);
			if (event == null) {
				continue;
			}
			Double seq = BackendAnswers.asNumber(event.get("seq"));
			long number = (seq != null) ? seq.longValue() : highest;
			highest = Math.max(highest, number);
			String type = BackendAnswers.asText(event.get("type"));
			Map<String, Object> data = BackendAnswers.asMap(event.get("data"));
			events.add(new PromptLearningJobEvent(number, (type != null) ? type : "",
					BackendAnswers.asText(event.get("message")), (data != null) ? data : Map.of()));
		}
		Double next = (object != null) ? BackendAnswers.asNumber(object.get("next_seq")) : null;
		return new PromptLearningJobEvents(events, (next != null) ? Math.max(next.longValue(), sinceSeq) : highest);
	}

}
