// CloudFront Function (cloudfront-js-2.0), viewer request of the transform behaviour (/i/*).
// Rewrites Accept to one of three values so that the cache key holds at most three variants of a
// transform instead of one per browser's Accept string. The origin negotiates f_auto from the
// rewritten header, so what it returns always matches the cached variant.
var AVIF = 'image/avif,image/webp,*/*';
var WEBP = 'image/webp,*/*';
var OTHER = '*/*';

function accepts(header, type) {
  var ranges = header.split(',');
  for (var i = 0; i < ranges.length; i++) {
    var params = ranges[i].split(';');
    if (params[0].trim() !== type) continue;
    for (var j = 1; j < params.length; j++) {
      var pair = params[j].trim().split('=');
      if (pair[0].trim() === 'q' && parseFloat(pair[1]) === 0) return false;
    }
    return true;
  }
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls handler().
function handler(event) {
  var request = event.request;
  var header = request.headers.accept ? request.headers.accept.value.toLowerCase() : '';
  var value = accepts(header, 'image/avif') ? AVIF : accepts(header, 'image/webp') ? WEBP : OTHER;
  request.headers.accept = { value: value };
  return request;
}
