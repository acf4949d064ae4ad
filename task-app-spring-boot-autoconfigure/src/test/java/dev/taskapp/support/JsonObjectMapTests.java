package dev.taskapp.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonObjectMap}.
 */
class JsonObjectMapTests {

	@Test
	void membersKeepTheirOrderAndNullValues() {
		JsonObjectMap map = JsonObjectMap.builder().put("b", 1).put("a", null).put("c", "three").build();
		assertThat(map.keySet()).containsExactly("b", "a", "c");
		assertThat(map.values()).containsExactly(1, null, "three");
		assertThat(map.get("a")).isNull();
		assertThat(map.containsKey("a")).isTrue();
		assertThat(map.containsKey("d")).isFalse();
		assertThat(map.get("d")).isNull();
		assertThat(map.get(null)).isNull();
		assertThat(map).hasToString("{b=1, a=null, c=three}");
	}

	@Test
	void aRepeatedKeyKeepsItsFirstPositionAndItsLastValue() {
		JsonObjectMap map = JsonObjectMap.builder().put("a", 1).put("b", 2).put("a", 3).build();
		assertThat(map).containsExactly(Map.entry("a", 3), Map.entry("b", 2));
	}

	@Test
	void isEqualToAnyMapWithTheSameEntries() {
		Map<String, Object> same = new LinkedHashMap<>();
		same.put("x", "y");
		same.put("n", null);
		JsonObjectMap map = JsonObjectMap.builder().put("x", "y").put("n", null).build();
		assertThat(map).isEqualTo(same);
		assertThat(same).isEqualTo(map);
		assertThat(map).hasSameHashCodeAs(same);
		assertThat(JsonObjectMap.builder().build()).isEqualTo(Map.of()).isSameAs(JsonObjectMap.empty());
	}

	@Test
	void aLargeObjectKeepsEveryMemberInOrder() {
		JsonObjectMap.Builder builder = JsonObjectMap.builder();
		Map<String, Object> expected = new LinkedHashMap<>();
		for (int i = 20; i > 0; i--) {
			builder.put("k" + i, i);
			expected.put("k" + i, i);
		}
		builder.put("k20", 0);
		expected.put("k20", 0);
		JsonObjectMap map = builder.build();
		assertThat(map).hasSize(20).isEqualTo(expected);
		assertThat(map.keySet()).containsExactlyElementsOf(expected.keySet());
		assertThat(map.get("k3")).isEqualTo(3);
	}

	@Test
	void cannotBeChanged() {
		JsonObjectMap small = JsonObjectMap.builder().put("a", 1).build();
		JsonObjectMap.Builder builder = JsonObjectMap.builder();
		for (int i = 0; i < 10; i++) {
			builder.put("k" + i, i);
		}
		JsonObjectMap large = builder.build();
		for (Map<String, Object> map : List.of(small, large)) {
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.put("z", 2));
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.remove("a"));
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(map::clear);
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> map.entrySet().iterator().next().setValue(3));
		}
	}

}
