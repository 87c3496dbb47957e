// The editor code every dialog of node-red-contrib-hyundai-kia shares. Node-RED serves this folder at
// resources/node-red-contrib-hyundai-kia/ and loads a <script src> of a node's .html before that
// .html's own scripts run, so the definitions may use window.HyundaiKiaEditor as they register.
// It provides:
//   rows(type)       the common form rows (name, account, vehicle with its picker, confirm), written
//                    into the dialog template where it says <div data-hyundai-kia-row="…"></div>
//   range(pick)      a validator for an optional number in one of the library's ranges
//                    (RED.settings.hyundaiKiaAccountRanges, set by the account node)
//   vehiclePicker()  the vehicle list of the action dialogs, from the account's vehicles route
(function () {
  'use strict';
  // Every .html loads this file (and the account's also account-dialog.js, in any order): add to
  // the one object rather than replace it.
  var editor = (window.HyundaiKiaEditor = window.HyundaiKiaEditor || {});

  /** The catalogue that holds the texts all nodes share (the account's: every node needs an account). */
  var SHARED = 'node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common.';

  var ROWS = {
    name:
      '<div class="form-row">' +
      '<label for="node-input-name"><i class="fa fa-tag"></i> <span data-i18n="' +
      SHARED +
      'label.name"></span></label>' +
      '<input type="text" id="node-input-name" data-i18n="[placeholder]' +
      SHARED +
      'label.name">' +
      '</div>',
    account:
      '<div class="form-row">' +
      '<label for="node-input-account"><i class="fa fa-user"></i> <span data-i18n="' +
      SHARED +
      'label.account"></span></label>' +
      '<input type="text" id="node-input-account">' +
      '</div>',
    vehicle:
      '<div class="form-row">' +
      '<label for="node-input-vehicle"><i class="fa fa-car"></i> <span data-i18n="' +
      SHARED +
      'label.vehicle"></span></label>' +
      '<input type="text" id="node-input-vehicle" data-i18n="[placeholder]' +
      SHARED +
      'label.vehicleHint" style="width: 70%">' +
      '<select id="node-input-vehicle-pick" style="display: block; width: 70%; margin: 4px 0 0 104px"></select>' +
      '<div id="node-input-vehicle-note" style="margin-left: 105px; font-size: 0.9em"></div>' +
      '</div>',
    confirm:
      '<div class="form-row">' +
      '<label for="node-input-confirm"><i class="fa fa-check-square-o"></i> <span data-i18n="' +
      SHARED +
      'label.confirm"></span></label>' +
      '<input type="checkbox" id="node-input-confirm" style="width: auto; vertical-align: top">' +
      ' <span data-i18n="' +
      SHARED +
      'label.confirmHint"></span>' +
      '</div>',
  };

  /**
   * Writes the common rows into the template of `type`. Node-RED reads the template's text each time
   * a dialog opens, and fills the inputs before oneditprepare: the rows must be there before that.
   * The .html's own script calls it: Node-RED runs that script once the .html's templates are in the page.
   */
  function rows(type) {
    var template = $('script[data-template-name="' + type + '"]');
    template.text(
      template.text().replace(/<div data-hyundai-kia-row="(\w+)"><\/div>/g, function (placeholder, row) {
        return ROWS[row] || placeholder;
      }),
    );
  }

  /**
   * A validator: empty is fine (the library's default), else a number in the range and its step.
   * `pick` names the range, or picks it from all ranges with the node as `this` (°C or °F).
   */
  function range(pick) {
    return function (v) {
      if (v === '' || v === undefined) return true;
      var all = RED.settings.hyundaiKiaAccountRanges;
      var r = typeof pick === 'function' ? pick.call(this, all) : all[pick];
      var n = Number(v);
      if (!isFinite(n) || n < r.min || n > r.max) return false;
      return r.step ? Math.abs((n - r.min) / r.step - Math.round((n - r.min) / r.step)) < 1e-9 : true;
    };
  }

  // Fills a list from the account's vehicles route; the text field still takes any id or VIN.
  function vehiclePicker() {
    var t = function (key) {
      return RED._(SHARED + 'picker.' + key);
    };
    var input = $('#node-input-vehicle');
    var select = $('#node-input-vehicle-pick');
    var note = $('#node-input-vehicle-note');
    // Node-RED fires 'change' on the account field several times while the dialog opens: load once
    // per account, and let only the newest answer fill the list.
    var shown = null;
    var latest = 0;
    function load() {
      var account = $('#node-input-account').val();
      if (account === shown) return;
      shown = account;
      var request = ++latest;
      select.empty().append($('<option></option>').val('').text(t('only')));
      note.text('');
      if (!account || account === '_ADD_') return;
      note.text(t('loading'));
      $.getJSON('hyundai-kia/accounts/' + encodeURIComponent(account) + '/vehicles')
        .done(function (list) {
          if (request !== latest) return;
          note.text('');
          var chosen = input.val();
          list.forEach(function (v) {
            $('<option></option>')
              .val(v.id)
              .text(v.name + ' · ' + v.model)
              .appendTo(select);
            if (chosen && String(v.vin).toUpperCase() === String(chosen).toUpperCase()) chosen = v.id; // a VIN picks its car
          });
          select.val(chosen);
        })
        .fail(function (xhr) {
          if (request === latest) note.text(xhr.status === 404 ? t('notDeployed') : t('failed'));
        });
    }
    select.on('change', function () {
      input.val(select.val());
    });
    $('#node-input-account').on('change', load);
    load();
  }

  editor.rows = rows;
  editor.range = range;
  editor.vehiclePicker = vehiclePicker;
})();
