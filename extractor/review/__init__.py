"""Review in the browser: every article with its facts highlighted; accept, correct or reject each fact, add the
ones the extraction missed, and export the corrections as gold files (eval/gold format).

    review = Review(results, Articles(["examples/"]).text, CorrectionStore("review.sqlite"))
    Path("review.html").write_text(review.page())               # static: corrections kept in the browser
    app.include_router(review_router(lambda: review))            # served (extractor.review.routes; the service extra)
    review.write_gold("gold/")                                   # the articles marked reviewed, as gold files
"""

from .review import FORMAT, Review, ReviewArticle
from .state import ArticleReview, ReviewedFact, gold_document
from .store import CorrectionStore

__all__ = ["Review", "ReviewArticle", "ArticleReview", "ReviewedFact", "CorrectionStore", "gold_document", "FORMAT"]
