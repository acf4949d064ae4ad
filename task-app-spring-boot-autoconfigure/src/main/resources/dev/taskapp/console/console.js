// The task app console: reads /console/api/* with the API key in a header; the key is kept in
// this tab's sessionStorage only and never put in a URL.
(function () {
	'use strict';

	var KEY_ITEM = 'taskAppConsoleKey';
	var POLL_MS = 1000;
	var timer = null;
	var selected = null;

	function $(id) { return document.getElementById(id); }

	function key() { return sessionStorage.getItem(KEY_ITEM); }

	function element(tag, className, text) {
		var node = document.createElement(tag);
		if (className) { node.className = className; }
		if (text !== undefined && text !== null) { node.textContent = String(text); }
		return node;
	}

	function api(path, options) {
		options = options || {};
		var headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
		if (key()) { headers['X-API-Key'] = key(); }
		return fetch(path, Object.assign({}, options, { headers: headers, cache: 'no-store', credentials: 'omit' }))
			.then(function (response) {
				if (response.status === 401) {
					var refused = new Error('The API key was refused');
					refused.unauthorised = true;
					throw refused;
				}
				return response;
			});
	}

	function showSignIn(message) {
		stopPolling();
		sessionStorage.removeItem(KEY_ITEM);
		$('console').hidden = true;
		$('sign-out').hidden = true;
		$('sign-in').hidden = false;
		$('sign-in-error').textContent = message || '';
		$('api-key').value = '';
		$('api-key').focus();
	}

	function showConsole() {
		$('sign-in').hidden = true;
		$('console').hidden = false;
		$('sign-out').hidden = !key();
	}

	function stopPolling() {
		if (timer) { clearTimeout(timer); timer = null; }
	}

	function poll() {
		stopPolling();
		api('console/api/status').then(function (response) {
			if (response.status === 400) {
				// task-app.auth.failure-status=400: the only refusal this route gives
				var refused = new Error('The API key was refused');
				refused.unauthorised = true;
				throw refused;
			}
			if (!response.ok) { throw new Error('status answered ' + response.status); }
			return response.json();
		}).then(function (status) {
			showConsole();
			render(status);
			timer = setTimeout(poll, POLL_MS);
		}).catch(function (error) {
			if (error.unauthorised) {
				showSignIn(key() ? 'That API key was refused.' : '');
			} else {
				timer = setTimeout(poll, POLL_MS * 3);
			}
		});
	}

	function fixed(value, digits) {
		return (value === null || value === undefined) ? '–' : Number(value).toFixed(digits);
	}

	function ms(value) {
		if (value === null || value === undefined) { return '–'; }
		return value >= 1000 ? (value / 1000).toFixed(2) + ' s' : value.toFixed(1) + ' ms';
	}

	function render(status) {
		$('app-id').textContent = status.app_id;
		var tunnel = status.tunnel;
		$('public-url').textContent = tunnel.public_url || 'not ready';
		$('tunnel-mode').textContent = tunnel.mode || '–';
		$('tunnel-state').textContent = tunnel.state;
		$('local-url').textContent = tunnel.local_url || '–';
		var load = status.load;
		$('rate').textContent = fixed(load.rollouts_per_s, 1);
		$('in-flight').textContent = load.in_flight + (load.limit !== null ? ' / ' + load.limit : '');
		$('rejected').textContent = load.rejected;
		$('p50').textContent = ms(load.p50_ms);
		$('p99').textContent = ms(load.p99_ms);
		$('finished').textContent = load.finished;
		$('calls-note').textContent = status.records_calls
			? 'While this page is open, the model calls of every rollout are recorded. Click a rollout to see its trace.'
			: 'Model calls are not being recorded. Click a rollout to see what is known of it.';
		$('stored').hidden = !status.trace_store;
		plot(status.mean_rewards, status.reward_window_s);
		table(status.rollouts);
	}

	function table(rollouts) {
		var body = $('rollouts').tBodies[0];
		body.replaceChildren();
		$('no-rollouts').hidden = rollouts.length > 0;
		rollouts.forEach(function (rollout) {
			var row = element('tr');
			row.dataset.id = rollout.id;
			if (selected === rollout.id) { row.className = 'selected'; }
			row.appendChild(element('td', 'num', rollout.id));
			row.appendChild(element('td', 'run-id', rollout.run_id));
			row.appendChild(element('td', 'num', rollout.seed));
			row.appendChild(element('td', 'num', fixed(rollout.reward, 2)));
			row.appendChild(element('td', 'num', ms(rollout.duration_ms)));
			row.appendChild(element('td', rollout.status === 200 ? 'ok' : 'error',
				rollout.status === 0 ? 'cancelled' : rollout.status));
			var error = element('td', 'error', rollout.error || '');
			error.title = rollout.error || '';
			row.appendChild(error);
			row.addEventListener('click', function () { openTrace(rollout.id); });
			body.appendChild(row);
		});
	}

	function plot(points, windowSeconds) {
		var width = 420, height = 150, left = 34, bottom = 18, top = 8, right = 8;
		var ns = 'http://www.w3.org/2000/svg';
		var svg = document.createElementNS(ns, 'svg');
		svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
		svg.setAttribute('width', '100%');
		svg.setAttribute('role', 'img');
		svg.setAttribute('aria-label', 'Mean reward per ' + windowSeconds + ' s over the last 5 minutes');
		function add(tag, attributes, text) {
			var node = document.createElementNS(ns, tag);
			Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
			if (text !== undefined) { node.textContent = text; }
			svg.appendChild(node);
			return node;
		}
		var now = Date.now() / 1000, span = 300;
		var max = 1, min = 0;
		points.forEach(function (p) { max = Math.max(max, p.mean); min = Math.min(min, p.mean); });
		function x(t) { return left + (width - left - right) * (1 - (now - t) / span); }
		function y(v) { return top + (height - top - bottom) * (1 - (v - min) / ((max - min) || 1)); }
		add('line', { x1: left, y1: y(min), x2: width - right, y2: y(min), 'class': 'axis' });
		add('line', { x1: left, y1: y(max), x2: width - right, y2: y(max), 'class': 'axis' });
		add('text', { x: 2, y: y(max) + 4 }, max.toFixed(2));
		add('text', { x: 2, y: y(min) + 4 }, min.toFixed(2));
		add('text', { x: left, y: height - 4 }, '-5 min');
		add('text', { x: width - right - 20, y: height - 4 }, 'now');
		if (points.length === 0) {
			add('text', { x: width / 2 - 50, y: height / 2 }, 'no rewarded rollout yet');
		} else {
			var path = points.map(function (p, i) {
				return (i === 0 ? 'M' : 'L') + x(p.t + windowSeconds / 2).toFixed(1) + ' ' + y(p.mean).toFixed(1);
			}).join(' ');
			add('path', { d: path, 'class': 'line' });
			points.forEach(function (p) {
				var dot = add('circle', { cx: x(p.t + windowSeconds / 2), cy: y(p.mean), r: 2.5, 'class': 'dot' });
				var title = document.createElementNS(ns, 'title');
				title.textContent = 'mean ' + p.mean.toFixed(3) + ' over ' + p.n + ' rollouts';
				dot.appendChild(title);
			});
		}
		$('reward-plot').replaceChildren(svg);
	}

	function text(value) {
		if (value === null || value === undefined) { return ''; }
		return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
	}

	function message(role, content, className) {
		var line = element('div', 'message' + (className ? ' ' + className : ''));
		line.appendChild(element('span', 'role', role));
		line.appendChild(element('pre', null, text(content)));
		return line;
	}

	function openTrace(id) {
		selected = id;
		api('console/api/rollouts/' + encodeURIComponent(id)).then(function (response) {
			return response.json().then(function (body) { return { ok: response.ok, body: body }; });
		}).then(function (answer) {
			var trace = $('trace-body');
			trace.replaceChildren();
			$('trace').hidden = false;
			$('trace-title').textContent = '#' + id;
			if (!answer.ok) {
				trace.appendChild(element('p', 'error', answer.body.detail.error.message));
				return;
			}
			var rollout = answer.body;
			trace.appendChild(element('p', null, 'run id ' + rollout.run_id + ' · seed ' + rollout.seed + ' · reward '
				+ fixed(rollout.reward, 2) + ' · ' + ms(rollout.duration_ms) + ' · status ' + rollout.status
				+ (rollout.trace_correlation_id ? ' · trace ' + rollout.trace_correlation_id : '')));
			if (rollout.error) { trace.appendChild(element('p', 'error', rollout.error)); }
			if (rollout.calls.length === 0) {
				trace.appendChild(element('p', 'muted', 'No model call was recorded for this rollout. Calls are recorded'
					+ ' while this page is open, or always with task-app.tracing.enabled=true.'));
			}
			rollout.calls.forEach(function (call, index) {
				var block = element('div', 'call');
				block.appendChild(element('h3', null, 'Model call ' + (index + 1) + (call.model ? ' · ' + call.model : '')
					+ ' · ' + ms(call.latency_ms) + (call.finish_reason ? ' · ' + call.finish_reason : '')));
				call.messages.forEach(function (m) { block.appendChild(message(m.role || '?', m.content)); });
				if (call.answer !== null && call.answer !== undefined && call.answer !== '') {
					block.appendChild(message('answer', call.answer, 'answer'));
				}
				call.tool_calls.forEach(function (toolCall) {
					var fn = toolCall['function'] || {};
					block.appendChild(message('tool call', (fn.name || '?') + ' ' + text(fn.arguments), 'answer tool-call'));
				});
				trace.appendChild(block);
			});
			trace.scrollIntoView({ block: 'nearest' });
		}).catch(function (error) {
			if (error.unauthorised) { showSignIn('That API key was refused.'); }
		});
	}

	function loadStored() {
		$('stored-status').textContent = 'Loading…';
		api('console/api/stored').then(function (response) {
			return response.json().then(function (body) { return { ok: response.ok, body: body }; });
		}).then(function (answer) {
			if (!answer.ok) {
				$('stored-status').textContent = answer.body.detail.error.message;
				return;
			}
			var body = $('stored-rollouts').tBodies[0];
			body.replaceChildren();
			answer.body.rollouts.forEach(function (rollout) {
				var row = element('tr');
				row.appendChild(element('td', null, rollout.run_id));
				row.appendChild(element('td', null, rollout.mode || ''));
				row.appendChild(element('td', null, rollout.outcome || ''));
				row.appendChild(element('td', 'num', fixed(rollout.reward, 2)));
				row.appendChild(element('td', 'num', rollout.calls));
				row.appendChild(element('td', null, rollout.created_at));
				body.appendChild(row);
			});
			$('stored-rollouts').hidden = false;
			$('stored-status').textContent = answer.body.rollouts.length + ' stored rollouts, newest first.';
		}).catch(function (error) {
			if (error.unauthorised) { showSignIn('That API key was refused.'); return; }
			$('stored-status').textContent = 'The trace store could not be read: ' + error.message;
		});
	}

	function runOne(event) {
		event.preventDefault();
		var sections = [{ role: 'system', content: $('run-prompt').value }];
		if ($('run-user').value.trim() !== '') { sections.push({ role: 'user', content: $('run-user').value }); }
		var config = { inference_url: $('run-inference-url').value.trim(), prompt_template: { prompt_sections: sections } };
		if ($('run-model').value.trim() !== '') { config.model = $('run-model').value.trim(); }
		var request = {
			run_id: 'console-' + Date.now(),
			env: { seed: Number($('run-seed').value), config: {} },
			policy: { config: config },
			mode: 'eval'
		};
		$('run-status').textContent = 'Running…';
		$('run-response').textContent = '';
		$('run-button').disabled = true;
		api('rollout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) })
			.then(function (response) {
				return response.text().then(function (body) {
					var shown = body;
					try { shown = JSON.stringify(JSON.parse(body), null, 2); } catch (ignored) { /* not JSON */ }
					var reward = null;
					try { reward = JSON.parse(body).metrics.mean_return; } catch (ignored) { /* no metrics */ }
					$('run-status').textContent = 'HTTP ' + response.status
						+ (reward !== null && reward !== undefined ? ' · reward ' + fixed(reward, 2) : '');
					$('run-status').className = response.ok ? 'ok' : 'error';
					$('run-response').textContent = shown;
				});
			})
			.catch(function (error) {
				if (error.unauthorised) { showSignIn('That API key was refused.'); return; }
				$('run-status').textContent = 'The request failed: ' + error.message;
				$('run-status').className = 'error';
			})
			.finally(function () { $('run-button').disabled = false; poll(); });
	}

	document.addEventListener('DOMContentLoaded', function () {
		$('sign-in-form').addEventListener('submit', function (event) {
			event.preventDefault();
			var value = $('api-key').value.trim();
			$('api-key').value = '';
			if (value === '') { return; }
			sessionStorage.setItem(KEY_ITEM, value);
			$('sign-in-error').textContent = '';
			poll();
		});
		$('sign-out').addEventListener('click', function () { showSignIn(''); });
		$('run-form').addEventListener('submit', runOne);
		$('load-stored').addEventListener('click', loadStored);
		// With task-app.auth.enabled=false the data needs no key and the console opens at once.
		poll();
	});
}());
