// The account dialog's behaviour, kept out of its .html so that file stays readable (its oneditprepare
// calls these two):
//   accountRegions()     only the brands, sign-in modes and fields the chosen region has
//   accountPanels(node)  the live panels: token state with "Refresh now", "Test login", the one-time
//                        code (Kia USA, Canada), the day's budget and the last session events
// The routes are the account node's admin routes (nodes/red/admin-routes.ts, otp-routes.ts).
(function () {
  'use strict';
  var editor = (window.HyundaiKiaEditor = window.HyundaiKiaEditor || {});

  editor.accountRegions = function () {
    // The region table is the library's (GET hyundai-kia/regions); until it answers, a guess.
    var regions = null;
    function offer(select, allowed) {
      $(select + ' option').each(function () {
        var ok = allowed.indexOf(this.value) >= 0;
        $(this).prop('disabled', !ok).toggle(ok);
      });
      if (allowed.length && allowed.indexOf($(select).val()) < 0) $(select).val(allowed[0]);
    }
    function showFields() {
      var region = $('#node-config-input-region').val();
      var row = regions && regions[region];
      if (row) {
        offer('#node-config-input-brand', row.brands);
        offer('#node-config-input-authMode', row.authModes);
      }
      var cloud = row ? row.needsCredentials : region !== 'demo';
      var modes = row ? row.authModes : region === 'eu' ? ['password', 'refreshToken'] : ['password'];
      var mode = modes.length === 1 ? modes[0] : $('#node-config-input-authMode').val();
      $('.hyundai-kia-row-brand, .hyundai-kia-row-pin').toggle(cloud);
      $('.hyundai-kia-row-authMode').toggle(cloud && modes.length > 1);
      $('.hyundai-kia-row-password').toggle(cloud && mode === 'password');
      $('.hyundai-kia-row-refreshToken').toggle(cloud && mode === 'refreshToken');
      // The clouds that ask for a one-time code on a new device: Kia USA and Canada.
      $('.hyundai-kia-row-otpMethod').toggle(region === 'ca' || (region === 'us' && $('#node-config-input-brand').val() === 'kia'));
    }
    $('#node-config-input-region, #node-config-input-authMode, #node-config-input-brand').on('change', showFields);
    showFields();
    $.getJSON('hyundai-kia/regions').done(function (table) {
      regions = table;
      offer('#node-config-input-region', Object.keys(table));
      showFields();
    });
  };

  editor.accountPanels = function (node) {
    var t = function (key, params) {
      return node._('hyundai-kia-account.' + key, params);
    };
    var api = 'hyundai-kia/accounts/' + encodeURIComponent(node.id);

    function minutes(seconds) {
      return seconds === null || seconds === undefined ? '–' : t('token.minutes', { n: Math.max(0, Math.round(seconds / 60)) });
    }
    function showToken(status) {
      $('#hyundai-kia-token-state').text(t('token.states.' + status.state));
      $('#hyundai-kia-token-valid').text(status.hasToken && !status.isExpired ? t('token.yes') : t('token.no'));
      $('#hyundai-kia-token-expires').text(minutes(status.secondsUntilExpiry));
      $('#hyundai-kia-token-last').text(status.lastRefreshAt ? new Date(status.lastRefreshAt).toLocaleString() : '–');
      $('#hyundai-kia-token-error').text(status.lastError ? status.lastError.code + ': ' + status.lastError.message : '');
      showOtp(status.state === 'otp-required');
      showBudget(status.budget);
    }

    // ---- One-time code (Kia USA): shown while the cloud waits for a code, also during Test login ----
    var otpForTest = false;
    function showOtp(asked) {
      var box = $('#hyundai-kia-otp');
      if (asked) {
        var method = $('#hyundai-kia-otp-method').val() || 'email';
        $('#hyundai-kia-otp-hint').text(t('otp.hint', { method: t('otpMethods.' + method) }));
        if (!box.is(':visible')) $('#hyundai-kia-otp-code').val('');
      }
      box.toggle(asked || otpForTest);
    }
    function otpFailed(xhr) {
      var body = xhr.responseJSON;
      if (body && body.token) showToken(body.token);
      $('#hyundai-kia-otp-result').text(body && body.error ? t('otp.failed', body.error) : t('token.unreachable'));
    }
    $('#hyundai-kia-otp-method').val($('#node-config-input-otpMethod').val() || 'email');
    $('#hyundai-kia-otp-send').on('click', function (e) {
      e.preventDefault();
      var method = $('#hyundai-kia-otp-method').val();
      $('#hyundai-kia-otp-result').text(t('otp.sending'));
      $.ajax({ url: api + '/otp/send', method: 'POST', contentType: 'application/json', data: JSON.stringify({ method: method }) })
        .done(function (status) {
          $('#hyundai-kia-otp-result').text(t('otp.sent', { method: t('otpMethods.' + method) }));
          showToken(status);
        })
        .fail(otpFailed);
    });
    $('#hyundai-kia-otp-submit').on('click', function (e) {
      e.preventDefault();
      var code = String($('#hyundai-kia-otp-code').val() || '').trim();
      $('#hyundai-kia-otp-result').text(t('otp.checking'));
      $.ajax({ url: api + '/otp', method: 'POST', contentType: 'application/json', data: JSON.stringify({ code: code }) })
        .done(function (status) {
          $('#hyundai-kia-otp-code').val('');
          $('#hyundai-kia-otp-result').text(status.state === 'ready' ? t('otp.ok') : '');
          if (otpForTest && status.vehicles) {
            otpForTest = false;
            showTestResult({ ok: true, vehicles: status.vehicles });
          }
          showToken(status);
        })
        .fail(otpFailed);
    });
    // ---- end of the one-time code ----
    function errorOf(xhr) {
      var body = xhr.responseJSON;
      return body && body.error ? body.error.message : t('token.unreachable');
    }
    function loadToken() {
      $.getJSON(api + '/token')
        .done(showToken)
        .fail(function (xhr) {
          $('#hyundai-kia-token-state').text(xhr.status === 404 ? t('token.notDeployed') : errorOf(xhr));
        });
    }
    loadToken();

    // Protection panel: the day's budget and the last session events, kept live with the token panel
    // while the dialog is open (the timer stops by itself once the dialog is gone); every 2 s, so a
    // one-time code request shows at once.
    function showEvents(events) {
      var list = $('#hyundai-kia-events').empty();
      if (!events.length) $('<li></li>').text(t('events.none')).appendTo(list);
      events
        .slice()
        .reverse()
        .forEach(function (e) {
          var extra = [e.code, e.attempts !== undefined ? t('events.attempts', { n: e.attempts }) : ''].filter(Boolean).join(' · ');
          $('<li></li>')
            .text(new Date(e.at).toLocaleTimeString() + '  ' + e.event + (extra ? '  (' + extra + ')' : ''))
            .appendTo(list);
        });
    }
    function showBudget(budget) {
      if (!budget) return;
      $('#hyundai-kia-budget').text(
        t('budget.text', {
          used: budget.used,
          limit: budget.limit,
          left: Math.max(0, budget.limit - budget.used),
          reset: new Date(budget.resetsAt).toLocaleString(),
        }),
      );
    }
    function loadProtection() {
      $.getJSON(api + '/events').done(function (res) {
        showBudget(res.budget);
        showEvents(res.events || []);
      });
    }
    loadProtection();
    var live = setInterval(function () {
      if (!document.body.contains(document.getElementById('hyundai-kia-token-state'))) {
        clearInterval(live);
        return;
      }
      loadToken();
      loadProtection();
    }, 2000);

    $('#node-config-input-refresh-now').on('click', function (e) {
      e.preventDefault();
      $('#hyundai-kia-token-state').text(t('token.refreshing'));
      $.ajax({ url: api + '/refresh', method: 'POST' })
        .done(showToken)
        .fail(function (xhr) {
          var body = xhr.responseJSON;
          if (body && body.token) showToken(body.token);
          else $('#hyundai-kia-token-state').text(xhr.status === 404 ? t('token.notDeployed') : '–');
          $('#hyundai-kia-token-error').text(errorOf(xhr));
        });
    });

    function showTestResult(res) {
      var out = $('#hyundai-kia-test-result');
      if (!res.ok) {
        out.text(t('test.failed', { code: res.error.code, message: res.error.message }));
        return;
      }
      out.text(t('test.ok', { count: res.vehicles.length }));
      var list = $('<ul class="hyundai-kia-vehicles"></ul>').appendTo(out);
      res.vehicles.forEach(function (v) {
        $('<li></li>')
          .text(v.name + ' · ' + v.model + ' · ' + v.type + ' · id ' + v.id)
          .appendTo(list);
      });
    }
    $('#node-config-input-test-login').on('click', function (e) {
      e.preventDefault();
      var form = { id: node.id };
      ['region', 'brand', 'authMode', 'apiBaseUrl', 'username', 'password', 'pin', 'refreshToken', 'otpMethod'].forEach(function (f) {
        form[f] = $('#node-config-input-' + f).val();
      });
      var out = $('#hyundai-kia-test-result').text(t('test.running'));
      $.ajax({ url: 'hyundai-kia/test-login', method: 'POST', contentType: 'application/json', data: JSON.stringify(form) })
        .done(function (res) {
          if (res.otpRequired) {
            otpForTest = true;
            $('#hyundai-kia-otp-method').val($('#node-config-input-otpMethod').val() || 'email');
            showOtp(true);
          }
          showTestResult(res);
        })
        .fail(function (xhr) {
          out.text(errorOf(xhr));
        });
    });
  };
})();
