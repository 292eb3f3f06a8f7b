// Upload with a progress bar per file: each file is its own POST to the
// documents API (session cookie + CSRF token), one after the other. Without
// script the form still posts all files to the page's upload view.
(function () {
  "use strict";

  function stem(name) {
    var dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(0, dot) : name;
  }

  function problemText(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body.invalidParams && body.invalidParams.length) {
        return body.invalidParams.map(function (p) { return p.reason; }).join(" ");
      }
      return body.detail || body.title || String(xhr.status);
    } catch (e) {
      return String(xhr.status) + " " + xhr.statusText;
    }
  }

  function Uploader(form) {
    this.form = form;
    this.data = form.dataset;
    this.input = form.querySelector("input[type=file]");
    this.level = form.querySelector("select[name=confidentiality]");
    this.token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.list = document.querySelector("[data-upload-list]");
    this.status = document.querySelector("[data-upload-status]");
    this.queue = [];
    this.busy = false;
    this.done = 0;
    this.total = 0;
  }

  Uploader.prototype.announce = function (text) {
    // Cleared first, so that the same words twice are read out twice.
    var status = this.status;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  };

  Uploader.prototype.add = function (files) {
    if (!files.length) {
      this.announce(this.data.msgNone);
      return;
    }
    for (var i = 0; i < files.length; i++) {
      this.queue.push({ file: files[i], row: this.row(files[i]) });
      this.total += 1;
    }
    this.next();
  };

  Uploader.prototype.row = function (file) {
    var id = "upload-" + Math.random().toString(36).slice(2);
    var item = document.createElement("li");
    item.className = "samen-upload-item";
    var name = document.createElement("span");
    name.className = "samen-upload-item__name";
    name.id = id;
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.className = "samen-upload-item__bar";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-labelledby", id);
    var message = document.createElement("span");
    message.className = "samen-upload-item__message";
    message.textContent = this.data.msgWaiting;
    item.append(name, bar, message);
    this.list.append(item);
    return { item: item, bar: bar, message: message };
  };

  Uploader.prototype.next = function () {
    if (this.busy) {
      return;
    }
    var job = this.queue.shift();
    if (!job) {
      this.finish();
      return;
    }
    this.busy = true;
    this.send(job);
  };

  Uploader.prototype.send = function (job) {
    var self = this;
    var body = new FormData();
    body.append("ruimte", this.data.workspace);
    if (this.data.folder) {
      body.append("map", this.data.folder);
    }
    body.append("titel", stem(job.file.name));
    if (this.level) {
      body.append("vertrouwelijkheidaanduiding", this.level.value);
    }
    body.append("inhoud", job.file, job.file.name);

    var xhr = new XMLHttpRequest();
    xhr.open("POST", this.data.apiUrl);
    xhr.setRequestHeader("X-CSRFToken", this.token);
    xhr.setRequestHeader("Accept", "application/json");
    job.row.message.textContent = this.data.msgUploading;
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        job.row.bar.value = Math.floor((event.loaded / event.total) * 100);
      }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201) {
        self.succeeded(job, JSON.parse(xhr.responseText));
      } else {
        self.failed(job, problemText(xhr));
      }
    });
    xhr.addEventListener("error", function () { self.failed(job, self.data.msgNetwork); });
    xhr.addEventListener("abort", function () { self.failed(job, self.data.msgNetwork); });
    xhr.send(body);
  };

  Uploader.prototype.succeeded = function (job, document_) {
    job.row.bar.value = 100;
    job.row.message.textContent = this.data.msgDone + " ";
    var link = document.createElement("a");
    link.className = "utrecht-link";
    link.href = this.data.detailUrl.replace("00000000-0000-0000-0000-000000000000", document_.id);
    link.textContent = this.data.msgOpen + " " + document_.titel;
    job.row.message.append(link);
    this.done += 1;
    this.announce(this.data.msgDone + ": " + job.file.name);
    this.busy = false;
    this.next();
  };

  Uploader.prototype.failed = function (job, reason) {
    job.row.item.classList.add("samen-upload-item--failed");
    job.row.message.textContent = this.data.msgFailed + " " + reason;
    this.announce(job.file.name + ": " + this.data.msgFailed + " " + reason);
    this.busy = false;
    this.next();
  };

  Uploader.prototype.finish = function () {
    var summary = this.data.msgSummary
      .replace("%(done)s", String(this.done))
      .replace("%(total)s", String(this.total));
    this.announce(summary);
    if (this.done > 0 && !this.list.querySelector("[data-reload]")) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "utrecht-link";
      link.href = window.location.href;
      link.setAttribute("data-reload", "");
      link.textContent = this.data.msgReload;
      item.append(link);
      this.list.append(item);
    }
  };

  function bindDropZone(zone, uploader) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("samen-drop-zone--active");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("samen-drop-zone--active"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      uploader.add(Array.prototype.slice.call(event.dataTransfer.files));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-upload-form]");
    if (!form || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    var uploader = new Uploader(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      uploader.add(Array.prototype.slice.call(uploader.input.files));
      form.reset();
    });
    var zone = form.querySelector("[data-drop-zone]");
    if (zone) {
      bindDropZone(zone, uploader);
    }
  });
})();
